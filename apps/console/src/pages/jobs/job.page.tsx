import { Alert, Anchor, Box, Code, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { useAuth, useTenant } from '../../auth/auth-context';
import { ConfirmButton } from '../../lib/confirm-button';
import { formatInstant } from '../../lib/dates';
import { notifyFailure, notifySuccess } from '../../lib/notify';
import { ErrorState, QueryState } from '../../lib/query-state';
import { jobKeys } from './job-queries';
import { JobStatusBadge } from './job-status';
import { isFinal, pollDelay, type Job } from './jobs-model';

/**
 * How long each read waits for the end. `?wait` returns at once when the job ends, but shows
 * the steps before (queued → running, progress) only when it times out: 3 s keeps those steps
 * live on the page for the cost of one read per 3 s while someone watches a running job.
 */
const LONG_POLL_S = 3;

/**
 * The job, live until it ends: each read long-polls (`?wait=3` answers as soon as the job is
 * final, or after 3 s with the job as it stands) and the next starts at once while it is not
 * final. The very first read asks without waiting, so the page shows the job at once.
 */
function useLiveJob(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: jobKeys.job(id),
    queryFn: ({ signal }) => {
      const known = queryClient.getQueryData<Job>(jobKeys.job(id));
      return unwrap(api.GET('/v1/jobs/{id}', { params: { path: { id }, query: { wait: known ? LONG_POLL_S : 0 } }, signal }));
    },
    staleTime: 0,
    refetchInterval: (query: Query<Job, Error, Job, readonly unknown[]>) => pollDelay(query.state.data?.status, query.state.error),
    refetchIntervalInBackground: true,
  });
}

/** Cancel (admin, while not final) and retry (admin, when failed), each asked about first. */
function useJobAction(id: string, action: 'cancel' | 'retry') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(action === 'cancel' ? api.POST('/v1/jobs/{id}/cancel', { params: { path: { id } } }) : api.POST('/v1/jobs/{id}/retry', { params: { path: { id } } })),
    onSuccess: async (job) => {
      await queryClient.cancelQueries({ queryKey: jobKeys.job(id) });
      queryClient.setQueryData(jobKeys.job(id), job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists });
      notifySuccess(action === 'cancel' ? 'The job was cancelled.' : 'The job was queued again.');
    },
    onError: (error) => {
      notifyFailure(action === 'cancel' ? 'The job was not cancelled' : 'The job was not retried', error);
      // A 409 means the job moved on meanwhile: show it as it is now.
      if (error instanceof ApiProblem && error.status === 409) void queryClient.invalidateQueries({ queryKey: jobKeys.job(id) });
    },
  });
}

function JobActions({ job }: { job: Job }) {
  const cancel = useJobAction(job.id, 'cancel');
  const retry = useJobAction(job.id, 'retry');
  return (
    <Group>
      {!isFinal(job.status) && (
        <ConfirmButton
          variant="light"
          title="Cancel this job?"
          message={`The ${job.name} job stops (a running one is told to stop) and ends as cancelled. This cannot be undone.`}
          onConfirm={() => cancel.mutateAsync()}
        >
          Cancel job
        </ConfirmButton>
      )}
      {job.status === 'failed' && (
        <ConfirmButton
          color="indigo"
          title="Retry this job?"
          message={`The ${job.name} job is queued again for attempt ${job.attempts + 1}, with the same parameters.`}
          onConfirm={() => retry.mutateAsync()}
        >
          Retry job
        </ConfirmButton>
      )}
    </Group>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" fw={500}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function JobOutcome({ job }: { job: Job }) {
  if (job.status === 'succeeded') {
    return (
      <Box component="section" aria-label="Job result">
        <Title order={3} size="h5" mb="xs">
          Result
        </Title>
        <Code block>{pretty(job.result)}</Code>
      </Box>
    );
  }
  if (job.error) {
    return (
      <Alert color="red" title={`Failed: ${job.error.code}`}>
        {job.error.message}
      </Alert>
    );
  }
  return null;
}

function JobDetails({ job }: { job: Job }) {
  const { timezone } = useTenant();
  const { can } = useAuth();
  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="sm">
          <Text fw={600} ff="monospace">
            {job.name}
          </Text>
          <div role="status" aria-live="polite" aria-label="Job status">
            <JobStatusBadge status={job.status} size="lg" />
          </div>
        </Group>
        {can('admin') && <JobActions job={job} />}
      </Group>
      {job.progress !== null && (
        <Progress.Root size="lg">
          <Progress.Section value={job.progress} aria-label="Job progress" animated={job.status === 'running'} />
        </Progress.Root>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        <Field label="Id">
          <Text ff="monospace" size="sm">
            {job.id}
          </Text>
        </Field>
        <Field label="Attempts">{job.attempts}</Field>
        <Field label="Progress">{job.progress === null ? '—' : `${job.progress}%`}</Field>
        <Field label={`Created (${timezone})`}>{formatInstant(job.createdAt, timezone)}</Field>
        <Field label="Run at">{job.runAt ? formatInstant(job.runAt, timezone) : 'At once'}</Field>
        <Field label="Started">{formatInstant(job.startedAt, timezone)}</Field>
        <Field label="Finished">{formatInstant(job.finishedAt, timezone)}</Field>
        <Field label="Schedule">{job.scheduleId ? <Anchor component={Link} to="/schedules">{job.scheduleId}</Anchor> : 'None (started by hand)'}</Field>
      </SimpleGrid>
      <Box component="section" aria-label="Job parameters">
        <Title order={3} size="h5" mb="xs">
          Parameters
        </Title>
        <Code block>{pretty(job.params ?? {})}</Code>
      </Box>
      <JobOutcome job={job} />
    </Stack>
  );
}

/** One job, followed live until it ends. */
export default function JobPage() {
  const { id = '' } = useParams();
  const job = useLiveJob(id);
  return (
    <Stack>
      <Anchor component={Link} to="/jobs" size="sm">
        ← All jobs
      </Anchor>
      <Title order={2}>Job</Title>
      {job.data ? (
        <>
          {job.isError && <ErrorState error={job.error} label="the job's latest status" retry={() => void job.refetch()} />}
          <JobDetails job={job.data} />
        </>
      ) : (
        <QueryState query={job} label="the job">
          {(data) => <JobDetails job={data} />}
        </QueryState>
      )}
    </Stack>
  );
}
