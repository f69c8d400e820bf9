// Minimal stand-in so this branch builds: another branch writes the real JobStatusBadge and
// isFinal here. When the branches merge, take theirs.
import { Badge } from '@mantine/core';

export type JobStatus = 'registered' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

const COLORS: Record<JobStatus, string> = { registered: 'gray', queued: 'blue', running: 'indigo', succeeded: 'green', failed: 'red', cancelled: 'dark' };

export function isFinal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge color={COLORS[status]} variant="dot">
      {status}
    </Badge>
  );
}
