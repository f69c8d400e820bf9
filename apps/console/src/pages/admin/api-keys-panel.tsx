import { Alert, Badge, Button, CopyButton, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { allPages, api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ConfirmButton } from '../../lib/confirm-button';
import { formatInstant } from '../../lib/dates';
import { notifyFailure, notifySuccess } from '../../lib/notify';
import { QueryState } from '../../lib/query-state';
import { formErrorsOf } from './form-problem';
import { WideTable } from '../../lib/wide-table';
import { Hint } from './hint';

type ApiKey = components['schemas']['ApiKeyListItem'];
type IssuedKey = components['schemas']['IssuedApiKeyView'];

const keysKey = (slug: string) => ['api-keys', slug] as const;

/**
 * A tenant's API keys: list, issue (the secret shown once), revoke. The tenant admin's page and
 * the operators' tenants page both use it. Dates are shown in `zone` (the tenant's).
 */
export function ApiKeysPanel({ slug, zone = 'UTC' }: { slug: string; zone?: string }) {
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const keys = useQuery({
    queryKey: keysKey(slug),
    queryFn: () => allPages((cursor) => unwrap(api.GET('/v1/admin/tenants/{slug}/api-keys', { params: { path: { slug }, query: { cursor, limit: 100 } } }))),
  });
  return (
    <Stack>
      <IssueKeyForm slug={slug} onIssued={setIssued} />
      <QueryState query={keys} label="API keys" empty={<Hint>No API keys yet: issue one above.</Hint>} isEmpty={(items) => items.length === 0}>
        {(items) => <KeysTable slug={slug} zone={zone} keys={items} />}
      </QueryState>
      <NewKeyModal issued={issued} onClose={() => setIssued(null)} />
    </Stack>
  );
}

function IssueKeyForm({ slug, onIssued }: { slug: string; onIssued: (key: IssuedKey) => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: (value) => (value.trim() ? null : 'Name the key after the app that will use it.') },
  });
  const issue = useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/v1/admin/tenants/{slug}/api-keys', { params: { path: { slug } }, body: { name } })),
    onSuccess: (key) => {
      form.reset();
      onIssued(key);
      void queryClient.invalidateQueries({ queryKey: keysKey(slug) });
    },
    onError: (error) => {
      const errors = formErrorsOf(error);
      if (errors) form.setErrors(errors);
      else notifyFailure('The API key could not be issued', error);
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => issue.mutate(values.name.trim()))} aria-label={`Issue an API key for ${slug}`}>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Key name"
          description={<Hint>The app that will use it, e.g. iOS app</Hint>}
          maxLength={200}
          w={320}
          maw="100%"
          {...form.getInputProps('name')}
        />
        <Button type="submit" loading={issue.isPending}>
          Issue API key
        </Button>
      </Group>
    </form>
  );
}

function KeysTable({ slug, zone, keys }: { slug: string; zone: string; keys: ApiKey[] }) {
  return (
    <WideTable label={`API keys of ${slug}`} minWidth={640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Created ({zone})</Table.Th>
          <Table.Th>Last used ({zone})</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Actions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keys.map((key) => (
          <KeyRow key={key.id} slug={slug} zone={zone} apiKey={key} />
        ))}
      </Table.Tbody>
    </WideTable>
  );
}

function KeyRow({ slug, zone, apiKey }: { slug: string; zone: string; apiKey: ApiKey }) {
  const nameId = `api-key-name-${apiKey.id}`;
  return (
    <Table.Tr>
      <Table.Td id={nameId}>{apiKey.name}</Table.Td>
      <Table.Td>{formatInstant(apiKey.createdAt, zone)}</Table.Td>
      <Table.Td>{apiKey.lastUsedAt ? formatInstant(apiKey.lastUsedAt, zone) : 'Never'}</Table.Td>
      <Table.Td>
        {apiKey.revokedAt ? (
          <Badge color="gray" variant="dot" title={`Revoked ${formatInstant(apiKey.revokedAt, zone)}`}>
            Revoked
          </Badge>
        ) : (
          <Badge color="green" variant="dot">
            Active
          </Badge>
        )}
        {apiKey.revokedAt && (
          <Text size="xs" c="dimmed">
            {formatInstant(apiKey.revokedAt, zone)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{!apiKey.revokedAt && <RevokeButton slug={slug} apiKey={apiKey} describedBy={nameId} />}</Table.Td>
    </Table.Tr>
  );
}

function RevokeButton({ slug, apiKey, describedBy }: { slug: string; apiKey: ApiKey; describedBy: string }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/v1/admin/tenants/{slug}/api-keys/{id}', { params: { path: { slug, id: apiKey.id } } })),
    onSuccess: () => notifySuccess(`The key “${apiKey.name}” is revoked.`),
    onError: (error) => notifyFailure('The key could not be revoked', error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keysKey(slug) }),
  });
  return (
    <ConfirmButton
      size="xs"
      variant="light"
      title={`Revoke the key “${apiKey.name}”?`}
      message="Apps using it are refused within two seconds. This cannot be undone: issue a new key to let them in again."
      onConfirm={() => revoke.mutateAsync()}
      aria-describedby={describedBy}
    >
      Revoke
    </ConfirmButton>
  );
}

/** `navigator.clipboard` exists only in a secure context (https or localhost). */
const canCopy = () => typeof navigator !== 'undefined' && Boolean(navigator.clipboard) && window.isSecureContext;

/** The secret of a key just issued: shown this once, selectable, with a copy button where possible. */
function NewKeyModal({ issued, onClose }: { issued: IssuedKey | null; onClose: () => void }) {
  return (
    <Modal opened={issued !== null} onClose={onClose} title={`API key “${issued?.name ?? ''}” issued`} closeOnClickOutside={false} size="lg">
      {issued && (
        <Stack>
          <Alert color="yellow" title="Copy the key now" role="alert">
            You will not see it again: only a hash of it is kept. If it is lost, revoke it and issue another.
          </Alert>
          <TextInput
            label="New API key"
            value={issued.key}
            readOnly
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            onFocus={(event) => event.currentTarget.select()}
            data-autofocus
          />
          <Group justify="space-between">
            {canCopy() ? (
              <CopyButton value={issued.key} timeout={3000}>
                {({ copied, copy }) => (
                  <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                    {copied ? 'Copied' : 'Copy key'}
                  </Button>
                )}
              </CopyButton>
            ) : (
              <Text size="sm">Copying is not available on this connection: select the key above and copy it.</Text>
            )}
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
