import { queryParam, ValidationError } from '#common';
import { FINAL_JOB_STATUSES, JOB_STATUSES, type JobData, type JobStatus } from '#messaging';

export const WAIT_MAX_S = 30;

// Query parameters follow the platform's one rule (cursor-page.ts): absent means the default;
// present is validated, the empty value included; repeated is 400.

/** `?wait=N`: 0–30 seconds (absent: 0); anything else 400. */
export function waitSeconds(raw: unknown): number {
  if (raw === undefined) return 0;
  if (typeof raw !== 'string' || !/^\d{1,2}$/.test(raw) || Number(raw) > WAIT_MAX_S) throw ValidationError.field('wait', `must be an integer from 0 to ${WAIT_MAX_S}`);
  return Number(raw);
}

export function jobStatus(query: Record<string, unknown>): JobStatus | undefined {
  const raw = queryParam(query, 'status');
  if (raw === undefined) return undefined;
  if (!(JOB_STATUSES as readonly string[]).includes(raw)) throw ValidationError.field('status', `must be one of ${JOB_STATUSES.join(', ')}`);
  return raw as JobStatus;
}

/** `?name=`: only the jobs of one definition (a definition's name; an unknown one finds nothing). */
export function jobName(query: Record<string, unknown>): string | undefined {
  const name = queryParam(query, 'name');
  if (name !== undefined && !/^[a-z][a-z0-9.-]{0,99}$/.test(name)) throw ValidationError.field('name', 'must be a job definition name (GET /v1/jobs/definitions)');
  return name;
}

const OFFSET_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `runAt`: ISO 8601 with an offset, as an instant in UTC. */
export function runAtInstant(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const time = Date.parse(raw);
  if (!OFFSET_DATE.test(raw) || Number.isNaN(time)) throw ValidationError.field('runAt', 'must be an ISO 8601 date-time with an offset (e.g. 2026-11-27T09:00:00+01:00 or ...Z)');
  return new Date(time).toISOString();
}

export function idempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length < 1 || raw.length > 200 || /[\u0000-\u001f]/.test(raw)) {
    throw ValidationError.field('Idempotency-Key', 'must be 1 to 200 printable characters');
  }
  return raw;
}

export function isFinal(job: JobData): boolean {
  return (FINAL_JOB_STATUSES as readonly string[]).includes(job.status);
}
