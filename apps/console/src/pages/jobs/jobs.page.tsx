import { WideTable } from '../../lib/wide-table';
import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { QueryState } from '../../lib/query-state';
import { useJobDefinitions } from './job-queries';
import { JobsList } from './jobs-list';
import type { JobDefinition } from './jobs-model';
import { StartJobModal } from './start-job-modal';

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en')} s`;

function DefinitionsTable({ definitions, onStart }: { definitions: JobDefinition[]; onStart?: (definition: JobDefinition) => void }) {
  return (
    <WideTable minWidth={640} label="Job definitions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Timeout</Table.Th>
            <Table.Th>Attempts</Table.Th>
            {onStart && <Table.Th>Action</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {definitions.map((definition) => (
            <Table.Tr key={definition.name}>
              <Table.Td ff="monospace">{definition.name}</Table.Td>
              <Table.Td>{definition.description}</Table.Td>
              <Table.Td>{seconds(definition.timeoutMs)}</Table.Td>
              <Table.Td>{definition.attempts}</Table.Td>
              {onStart && (
                <Table.Td>
                  <Button size="xs" onClick={() => onStart(definition)}>
                    Start
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </WideTable>
  );
}

/** The jobs staff may start (editors start them) and the tenant's jobs. */
export default function JobsPage() {
  const { can } = useAuth();
  const definitions = useJobDefinitions();
  const [starting, setStarting] = useState<{ definition: JobDefinition | null; opened: boolean; opening: number }>({ definition: null, opened: false, opening: 0 });
  const start = (definition: JobDefinition) => setStarting(({ opening }) => ({ definition, opened: true, opening: opening + 1 }));
  const close = () => setStarting((before) => ({ ...before, opened: false }));
  return (
    <Stack gap="xl">
      <Stack>
        <Title order={2}>Jobs</Title>
        <Text size="sm" c="gray.7">
          Predefined work run in the background. {can('editor') ? 'Start one with its parameters; its page follows it to the end.' : 'Editors can start them.'}
        </Text>
        <QueryState query={definitions} label="job definitions" empty="No jobs are defined." isEmpty={(data) => data.items.length === 0}>
          {(data) => <DefinitionsTable definitions={data.items} onStart={can('editor') ? start : undefined} />}
        </QueryState>
      </Stack>
      <JobsList />
      <StartJobModal {...starting} onClose={close} />
    </Stack>
  );
}
