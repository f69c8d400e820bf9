import type { components } from '../../api/schema';

/** A job as the API answers it (one schema per definition, told apart by `name`). */
export type Job = components['schemas']['JobPageResponse']['items'][number];
export type JobStatus = Job['status'];
export type JobDefinition = components['schemas']['JobDefinitionResponse'];
export type JobSchedule = components['schemas']['JobSchedulePageResponse']['items'][number];

export const JOB_STATUSES: readonly JobStatus[] = ['registered', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];
const FINAL: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** A final job never changes again (except a failed one an admin retries). */
export function isFinal(status: JobStatus | undefined | null): boolean {
  return status != null && FINAL.includes(status);
}

/** The badge colour of a status; the badge always says the status in words too. */
export function statusColor(status: JobStatus): string {
  return { registered: 'gray', queued: 'gray', running: 'blue', succeeded: 'green', failed: 'red', cancelled: 'orange' }[status];
}

/**
 * How soon to read a job again: at once while it is not final (the read itself long-polls), a
 * pause after a failed read (no tight loop against a server that refuses), never once final.
 */
export function pollDelay(status: JobStatus | undefined, lastReadFailed: boolean): number | false {
  if (isFinal(status)) return false;
  return lastReadFailed ? 5_000 : 1;
}
