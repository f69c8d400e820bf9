import { Anchor, Box, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useAuth } from '../../auth/auth-context';
import { ConfirmButton } from '../../lib/confirm-button';
import { formatInstant } from '../../lib/dates';
import { notifyFailure, notifySuccess } from '../../lib/notify';
import { QueryState } from '../../lib/query-state';
import { LoadMore, usePagedList } from '../admin/paged-list';
import { WideTable } from '../../lib/wide-table';
import { errorSummary, prettyJson } from './dead-letter-text';
import { Hint } from '../admin/hint';

type DeadLetter = components['schemas']['DeadLetterDto'];

const DEAD_LETTERS_KEY = ['dead-letters'] as const;

/** `/ops/dead-letters`: messages a consuming service gave up on; inspect, retry or discard each. */
export default function DeadLettersPage() {
  const letters = usePagedList(DEAD_LETTERS_KEY, (cursor) => unwrap(api.GET('/v1/admin/dead-letters', { params: { query: { cursor, limit: 50 } } })));
  const [inspected, setInspected] = useState<DeadLetter | null>(null);
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Dead letters</Title>
        <QueueDashboardLink />
      </Group>
      <Text size="sm" c="dimmed">
        Events a service could not handle after every attempt, newest first. Retry runs its handlers again; discard drops the message for good.
      </Text>
      <QueryState query={letters} label="dead letters" empty={<Hint>No dead letters: every message was handled.</Hint>} isEmpty={(items) => items.length === 0}>
        {(items) => <LettersTable letters={items} onInspect={setInspected} />}
      </QueryState>
      {letters.isSuccess && letters.data.length > 0 && <LoadMore query={letters} noun="dead letters" />}
      <InspectModal letter={inspected} onClose={() => setInspected(null)} />
    </Stack>
  );
}

function QueueDashboardLink() {
  const url = useAuth().config.queueDashboardUrl;
  if (!url) return null;
  return (
    <Anchor href={url} target="_blank" rel="noopener noreferrer">
      Queue dashboard<Box component="span" style={visuallyHidden}> (opens in a new tab)</Box>
    </Anchor>
  );
}

// Mantine's VisuallyHidden renders a div, which may not sit inside a link's phrasing content.
const visuallyHidden = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

function LettersTable({ letters, onInspect }: { letters: DeadLetter[]; onInspect: (letter: DeadLetter) => void }) {
  return (
    <WideTable label="Dead letters" minWidth={960}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Message</Table.Th>
          <Table.Th>From → to</Table.Th>
          <Table.Th>Attempts</Table.Th>
          <Table.Th>Last failed (UTC)</Table.Th>
          <Table.Th>Error</Table.Th>
          <Table.Th>Actions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {letters.map((letter) => (
          <LetterRow key={letter.id} letter={letter} onInspect={onInspect} />
        ))}
      </Table.Tbody>
    </WideTable>
  );
}

function LetterRow({ letter, onInspect }: { letter: DeadLetter; onInspect: (letter: DeadLetter) => void }) {
  const nameId = `dead-letter-${letter.id}`;
  return (
    <Table.Tr>
      <Table.Td id={nameId}>
        {letter.messageType}
        <Text size="xs" c="dimmed" ff="monospace">
          {letter.messageId}
        </Text>
      </Table.Td>
      <Table.Td>
        {letter.source} → {letter.consumer}
      </Table.Td>
      <Table.Td>{letter.attempts}</Table.Td>
      <Table.Td>{formatInstant(letter.lastFailedAt, 'UTC')}</Table.Td>
      <Table.Td maw={260}>
        <Text size="sm" lineClamp={2}>
          {errorSummary(letter.error)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" aria-describedby={nameId} onClick={() => onInspect(letter)}>
            Inspect
          </Button>
          <RetryButton letter={letter} describedBy={nameId} />
          <DiscardButton letter={letter} describedBy={nameId} />
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** A mutation on one dead letter that reads the list again after, whatever the outcome. */
function useLetterMutation<T>(call: () => Promise<T>, onSuccess: (answer: T) => void, failure: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess,
    onError: (error) => notifyFailure(failure, error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: DEAD_LETTERS_KEY }),
  });
}

function RetryButton({ letter, describedBy }: { letter: DeadLetter; describedBy: string }) {
  const retry = useLetterMutation(
    () => unwrap(api.POST('/v1/admin/dead-letters/{id}/retry', { params: { path: { id: letter.id } } })),
    (answer) =>
      answer.handled
        ? notifySuccess(`${letter.messageType} was handled and removed from the dead letters.`)
        : notifyFailure(`${letter.messageType} failed again and stays`, new Error(errorSummary(answer.deadLetter?.error))),
    'The dead letter could not be retried',
  );
  return (
    <ConfirmButton
      title={`Retry ${letter.messageType}?`}
      message={`${letter.consumer} runs its handlers on the message again. Handled, it leaves this list; failing again, it stays with the new error.`}
      onConfirm={() => retry.mutateAsync()}
      size="xs"
      variant="light"
      color="blue"
      aria-describedby={describedBy}
    >
      Retry
    </ConfirmButton>
  );
}

function DiscardButton({ letter, describedBy }: { letter: DeadLetter; describedBy: string }) {
  const discard = useLetterMutation(
    () => unwrap(api.DELETE('/v1/admin/dead-letters/{id}', { params: { path: { id: letter.id } } })),
    () => notifySuccess(`${letter.messageType} was discarded.`),
    'The dead letter could not be discarded',
  );
  return (
    <ConfirmButton
      title={`Discard ${letter.messageType}?`}
      message={`${letter.consumer} will never handle this message. This cannot be undone.`}
      onConfirm={() => discard.mutateAsync()}
      size="xs"
      variant="light"
      aria-describedby={describedBy}
    >
      Discard
    </ConfirmButton>
  );
}

function InspectModal({ letter, onClose }: { letter: DeadLetter | null; onClose: () => void }) {
  return (
    <Modal opened={letter !== null} onClose={onClose} title={letter ? `Dead letter: ${letter.messageType}` : 'Dead letter'} size="xl">
      {letter && (
        <Stack>
          <Text size="sm">
            Message <Text span ff="monospace">{letter.messageId}</Text>, from {letter.source} to {letter.consumer}, {letter.attempts} attempts; first failed {formatInstant(letter.firstFailedAt, 'UTC')} UTC, last{' '}
            {formatInstant(letter.lastFailedAt, 'UTC')} UTC.
          </Text>
          <JsonBlock id="dead-letter-error" title="Error" value={letter.error} />
          <JsonBlock id="dead-letter-payload" title="Payload" value={letter.payload} />
        </Stack>
      )}
    </Modal>
  );
}

/** Pretty JSON that scrolls; it takes the keyboard's focus, so it can be scrolled without a mouse. */
function JsonBlock({ id, title, value }: { id: string; title: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h5" id={id}>
        {title}
      </Title>
      <Box
        component="pre"
        tabIndex={0}
        role="region"
        aria-labelledby={id}
        m={0}
        p="sm"
        fz="sm"
        mah="40vh"
        style={{ overflow: 'auto', background: 'var(--mantine-color-gray-light)', borderRadius: 'var(--mantine-radius-sm)' }}
      >
        {prettyJson(value)}
      </Box>
    </Stack>
  );
}
