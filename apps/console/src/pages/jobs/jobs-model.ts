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
 * pause after a failed read (no tight loop against a server that is away), never once final or
 * refused (a 404 or 403 will not change by asking again; a 429 or 5xx may).
 */
export function pollDelay(status: JobStatus | undefined, lastError: unknown): number | false {
  if (isFinal(status)) return false;
  if (!lastError) return 1;
  const refused = typeof lastError === 'object' && 'status' in lastError && typeof lastError.status === 'number' && lastError.status < 500 && lastError.status !== 429;
  return refused ? false : 5_000;
}
