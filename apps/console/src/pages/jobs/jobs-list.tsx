import { WideTable } from '../../lib/wide-table';
import { Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useTenant } from '../../auth/auth-context';
import { formatInstant } from '../../lib/dates';
import { QueryState } from '../../lib/query-state';
import { jobKeys } from './job-queries';
import { JobStatusBadge } from './job-status';
import { isFinal, JOB_STATUSES, type Job, type JobStatus } from './jobs-model';

const REFRESH_MS = 3_000;
const PAGE_SIZE = 25;

/** The tenant's jobs, newest first, a page at a time; read again every few seconds while any shown job is not final. */
function useJobs(status: JobStatus | null) {
  return useInfiniteQuery({
    queryKey: jobKeys.list(status),
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/v1/jobs', { params: { query: { limit: PAGE_SIZE, cursor: pageParam, ...(status ? { status } : {}) } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some((job) => !isFinal(job.status))) ? REFRESH_MS : false),
  });
}

function JobRow({ job, zone }: { job: Job; zone: string }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/jobs/${job.id}`}>
          {job.name}
        </Anchor>
        <Text size="xs" c="gray.7" ff="monospace">
          {job.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <JobStatusBadge status={job.status} />
      </Table.Td>
      <Table.Td>{formatInstant(job.createdAt, zone)}</Table.Td>
      <Table.Td>{formatInstant(job.finishedAt, zone)}</Table.Td>
      <Table.Td>{job.attempts}</Table.Td>
    </Table.Tr>
  );
}

export function JobsList() {
  const tenant = useTenant();
  const [status, setStatus] = useState<JobStatus | null>(null);
  const jobs = useJobs(status);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={3}>Jobs</Title>
        <Select
          label="Status"
          data={[{ value: '', label: 'Any status' }, ...JOB_STATUSES.map((value) => ({ value, label: value }))]}
          value={status ?? ''}
          onChange={(value) => setStatus((value || null) as JobStatus | null)}
          allowDeselect={false}
          w={180}
        />
      </Group>
      <QueryState query={jobs} label="jobs" empty={status ? `No ${status} jobs.` : 'No jobs yet: start one above.'} isEmpty={(data) => data.pages[0].items.length === 0}>
        {(data) => (
          <>
            <WideTable minWidth={720} label="Jobs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Job</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Created ({tenant.timezone})</Table.Th>
                    <Table.Th>Finished</Table.Th>
                    <Table.Th>Attempts</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.pages.flatMap((page) => page.items).map((job) => (
                    <JobRow key={job.id} job={job} zone={tenant.timezone} />
                  ))}
                </Table.Tbody>
              </WideTable>
            {jobs.hasNextPage && (
              <Group justify="center">
                <Button variant="default" onClick={() => void jobs.fetchNextPage()} loading={jobs.isFetchingNextPage}>
                  Load more
                </Button>
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
