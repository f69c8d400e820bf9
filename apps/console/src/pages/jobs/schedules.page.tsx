import { WideTable } from '../../lib/wide-table';
import { Code, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { allPages, api, unwrap } from '../../api/client';
import { useAuth, useTenant } from '../../auth/auth-context';
import { ConfirmButton } from '../../lib/confirm-button';
import { formatInstant } from '../../lib/dates';
import { notifyFailure, notifySuccess } from '../../lib/notify';
import { QueryState } from '../../lib/query-state';
import { jobKeys, useJobDefinitions } from './job-queries';
import type { JobSchedule } from './jobs-model';
import { ScheduleForm } from './schedule-form';

/** A tenant has at most 100 schedules (JOBS_MAX_SCHEDULES_PER_TENANT): one page holds them. */
function useSchedules() {
  return useQuery({
    queryKey: jobKeys.schedules,
    queryFn: ({ signal }) => allPages((cursor) => unwrap(api.GET('/v1/job-schedules', { params: { query: { limit: 200, cursor } }, signal }))),
  });
}

function DeleteSchedule({ schedule }: { schedule: JobSchedule }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/v1/job-schedules/{id}', { params: { path: { id: schedule.id } } })),
    onSuccess: () => notifySuccess(`Schedule of ${schedule.name} deleted.`),
    onError: (error) => notifyFailure('The schedule was not deleted', error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: jobKeys.schedules }),
  });
  return (
    <ConfirmButton
      size="xs"
      variant="light"
      title="Delete this schedule?"
      message={`${schedule.name} will no longer run at "${schedule.cron}" (${schedule.timezone}). Jobs it already started stay.`}
      onConfirm={() => remove.mutateAsync()}
    >
      Delete
    </ConfirmButton>
  );
}

function SchedulesTable({ schedules, canDelete }: { schedules: JobSchedule[]; canDelete: boolean }) {
  const { timezone } = useTenant();
  return (
    <WideTable minWidth={860} label="Job schedules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Job</Table.Th>
            <Table.Th>Parameters</Table.Th>
            <Table.Th>Cron</Table.Th>
            <Table.Th>Time zone</Table.Th>
            <Table.Th>Next run ({timezone})</Table.Th>
            <Table.Th>Created</Table.Th>
            {canDelete && <Table.Th>Action</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schedules.map((schedule) => (
            <Table.Tr key={schedule.id}>
              <Table.Td ff="monospace">{schedule.name}</Table.Td>
              <Table.Td>
                <Code>{JSON.stringify(schedule.params ?? {})}</Code>
              </Table.Td>
              <Table.Td ff="monospace">{schedule.cron}</Table.Td>
              <Table.Td>{schedule.timezone}</Table.Td>
              <Table.Td>{formatInstant(schedule.nextRunAt, timezone)}</Table.Td>
              <Table.Td>{formatInstant(schedule.createdAt, timezone)}</Table.Td>
              {canDelete && (
                <Table.Td>
                  <DeleteSchedule schedule={schedule} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </WideTable>
  );
}

/** The tenant's job schedules; editors create and delete them. */
export default function SchedulesPage() {
  const { can } = useAuth();
  const schedules = useSchedules();
  const definitions = useJobDefinitions();
  const [formKey, setFormKey] = useState(0);
  return (
    <Stack gap="xl">
      <Stack>
        <Title order={2}>Job schedules</Title>
        <Text size="sm" c="gray.7">
          Each run of a schedule starts its own job. {can('editor') ? '' : 'Editors can create and delete schedules.'}
        </Text>
        <QueryState query={schedules} label="job schedules" empty="No schedules yet." isEmpty={(data) => data.length === 0}>
          {(data) => <SchedulesTable schedules={data} canDelete={can('editor')} />}
        </QueryState>
      </Stack>
      {can('editor') && (
        <QueryState query={definitions} label="job definitions">
          {(data) => <ScheduleForm key={formKey} definitions={data.items} onCreated={() => setFormKey((key) => key + 1)} />}
        </QueryState>
      )}
    </Stack>
  );
}
