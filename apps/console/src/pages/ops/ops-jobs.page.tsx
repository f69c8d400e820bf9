import { Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatInstant } from '../../lib/dates';
import { QueryState } from '../../lib/query-state';
import { LoadMore, usePagedList } from '../admin/paged-list';
import { WideTable } from '../../lib/wide-table';
import { isFinal, JobStatusBadge } from '../jobs/job-status';
import { useTenants } from './tenants-query';
import { Hint } from '../admin/hint';

type Job = components['schemas']['TenantJobPageResponse']['items'][number];
type JobStatus = Job['status'];

const STATUSES: JobStatus[] = ['registered', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** While a loaded job is still on its way, the list is read again every few seconds. */
const whileRunning = (jobs: Job[]) => (jobs.some((job) => !isFinal(job.status)) ? 5_000 : false);

/** `/ops/jobs`: every tenant's jobs, newest first, narrowed to a tenant and a status. */
export default function OpsJobsPage() {
  const [tenant, setTenant] = useState<string | null>(null);
  const [status, setStatus] = useState<JobStatus | null>(null);
  const jobs = usePagedList(
    ['admin-jobs', tenant, status],
    (cursor) => unwrap(api.GET('/v1/admin/jobs', { params: { query: { cursor, limit: 50, tenant: tenant ?? undefined, status: status ?? undefined } } })),
    whileRunning,
  );
  return (
    <Stack>
      <Title order={2}>Jobs of every tenant</Title>
      <Group align="flex-end" wrap="wrap">
        <TenantFilter value={tenant} onChange={setTenant} />
        <Select
          label="Status"
          placeholder="Any status"
          data={STATUSES}
          value={status}
          onChange={(value) => setStatus(value as JobStatus | null)}
          clearable
          w={200}
        />
      </Group>
      <QueryState query={jobs} label="jobs" empty={<Hint>No job matches.</Hint>} isEmpty={(items) => items.length === 0}>
        {(items) => <JobsTable jobs={items} />}
      </QueryState>
      {jobs.isSuccess && jobs.data.length > 0 && <LoadMore query={jobs} noun="jobs" />}
    </Stack>
  );
}

function TenantFilter({ value, onChange }: { value: string | null; onChange: (slug: string | null) => void }) {
  const tenants = useTenants();
  const data = (tenants.data ?? []).map((tenant) => ({ value: tenant.slug, label: `${tenant.name} (${tenant.slug})` }));
  return (
    <Select
      label="Tenant"
      placeholder={tenants.isPending ? 'Loading tenants…' : 'Every tenant'}
      description={tenants.isError ? <Hint>The tenants could not be loaded.</Hint> : undefined}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      w={280}
    />
  );
}

function JobsTable({ jobs }: { jobs: Job[] }) {
  return (
    <WideTable label="Jobs of every tenant" minWidth={960}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Job</Table.Th>
          <Table.Th>Tenant</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Attempts</Table.Th>
          <Table.Th>Created (UTC)</Table.Th>
          <Table.Th>Finished (UTC)</Table.Th>
          <Table.Th>Error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.map((job) => (
          <Table.Tr key={job.id}>
            <Table.Td>
              {job.name}
              <Text size="xs" c="dimmed" ff="monospace">
                {job.id}
              </Text>
            </Table.Td>
            <Table.Td ff="monospace">{job.tenant}</Table.Td>
            <Table.Td>
              <JobStatusBadge status={job.status} />
            </Table.Td>
            <Table.Td>{job.attempts}</Table.Td>
            <Table.Td>{formatInstant(job.createdAt, 'UTC')}</Table.Td>
            <Table.Td>{formatInstant(job.finishedAt, 'UTC')}</Table.Td>
            <Table.Td>{job.error ? `${job.error.code}: ${job.error.message}` : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </WideTable>
  );
}
