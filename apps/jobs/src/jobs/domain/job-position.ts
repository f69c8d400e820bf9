import type { JobStatus } from '#messaging';

/**
 * Where a status stands in a job's life, so that a late or repeated status report never
 * overwrites a later one: reports are ordered by `(attempt, step)`, compared as a pair.
 *
 * `attempt` is the number of the attempt the report belongs to, counted over the job's whole
 * life (an admin retry continues the count), 0 before the first attempt starts. Within an
 * attempt, the steps are ordered as the attempt lives them:
 *
 * | step | status | when |
 * | --- | --- | --- |
 * | 0 | registered | stored (attempt 0) |
 * | 1 | queued | handed to the queue (attempt 0) |
 * | 2 | running | attempt n started |
 * | 3 | (progress) | attempt n reported progress |
 * | 4 | queued | attempt n failed, attempts remain: waiting for n + 1 |
 * | 5 | succeeded, failed | attempt n ended the job |
 * | 6 | queued | an admin retry after attempt n failed the job |
 * | 7 | cancelled | cancelled after attempt n (or before any) |
 *
 * A final status (succeeded, failed, cancelled) is also terminal for reports: only the admin
 * retry use case moves a failed job on, never a report.
 */
export const Step = {
  registered: 0,
  queued: 1,
  running: 2,
  progress: 3,
  requeued: 4,
  finished: 5,
  retried: 6,
  cancelled: 7,
} as const;

export interface JobPosition {
  attempt: number;
  step: number;
}

export function isAfter(a: JobPosition, b: JobPosition): boolean {
  return a.attempt > b.attempt || (a.attempt === b.attempt && a.step > b.step);
}

export function isFinal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** Whether a status report at `report` may replace the stored `current` state. */
export function mayApply(current: JobPosition & { status: JobStatus }, report: JobPosition): boolean {
  return !isFinal(current.status) && isAfter(report, current);
}
