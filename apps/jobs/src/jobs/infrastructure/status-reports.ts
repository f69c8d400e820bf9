import type { EntityManager } from 'typeorm';
import type { JobStatus } from '#messaging';
import type { JobRow } from './job.repository.js';

/**
 * A change of a job's last known status (or progress), at a position `(attempt, step)`
 * (domain/job-position.ts). Fields left undefined keep their stored value.
 */
export interface StatusReport {
  id: string;
  tenant: string;
  /** null: a progress report (the status stays `running`). */
  status: JobStatus | null;
  attempt: number;
  step: number;
  /**
   * Attempts started as of this report (the job's `attempts`): set by a run's `running` report.
   * Usually equal to `attempt`; lower once runs were handed back at a worker's shutdown (a
   * handed-back run moves the position on but is no attempt). Undefined: unchanged.
   */
  attempts?: number;
  progress?: number | null;
  result?: unknown;
  error?: { code: string; message: string } | null;
  startedAt?: Date;
  finishedAt?: Date | null;
  /** Only the admin retry: may move a `failed` job (every other report leaves final jobs alone). */
  retry?: boolean;
}

/**
 * Applies reports in one statement and returns the rows it changed. The WHERE clause is the
 * ordering rule: a report applies only if it is after the stored position and the job is not
 * final, so a late, repeated or reordered report changes nothing, whatever the interleaving
 * (the row lock of the UPDATE serialises concurrent writers). A progress report also applies at
 * the same position when it does not go down. At most one report per job per call.
 */
export async function applyReports(manager: EntityManager, reports: StatusReport[]): Promise<JobRow[]> {
  if (reports.length === 0) return [];
  const records = reports.map((r) => ({
    id: r.id,
    tenant: r.tenant,
    status: r.status,
    attempt: r.attempt,
    step: r.step,
    attempts: r.attempts ?? null,
    progress: r.progress ?? null,
    set_progress: r.progress !== undefined,
    result: r.result === undefined ? null : JSON.stringify(r.result),
    set_result: r.result !== undefined,
    error: r.error ?? null,
    set_error: r.error !== undefined,
    started_at: r.startedAt?.toISOString() ?? null,
    finished_at: r.finishedAt ? r.finishedAt.toISOString() : null,
    set_finished: r.finishedAt !== undefined,
    retry: r.retry === true,
  }));
  // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affectedCount].
  const answer: unknown[] = await manager.query(
    `UPDATE jobs.jobs j SET
       status = COALESCE(r.status, j.status),
       attempt = r.attempt,
       step = r.step,
       attempts = GREATEST(j.attempts, COALESCE(r.attempts, j.attempts)),
       progress = CASE WHEN r.set_progress THEN r.progress ELSE j.progress END,
       result = CASE WHEN r.set_result THEN r.result::jsonb ELSE j.result END,
       error = CASE WHEN r.set_error THEN r.error ELSE j.error END,
       started_at = COALESCE(r.started_at, j.started_at),
       finished_at = CASE WHEN r.set_finished THEN r.finished_at ELSE j.finished_at END,
       updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(
       id uuid, tenant text, status text, attempt int, step int, attempts int, progress int, set_progress boolean,
       result text, set_result boolean, error jsonb, set_error boolean, started_at timestamptz,
       finished_at timestamptz, set_finished boolean, retry boolean)
     WHERE j.id = r.id AND j.tenant = r.tenant
       AND (j.status NOT IN ('succeeded', 'failed', 'cancelled') OR (r.retry AND j.status = 'failed'))
       AND ((j.attempt, j.step) < (r.attempt, r.step)
            OR (r.status IS NULL AND j.status = 'running' AND j.attempt = r.attempt AND j.step = r.step AND COALESCE(j.progress, 0) <= r.progress))
     RETURNING j.*`,
    [JSON.stringify(records)],
  );
  return (Array.isArray(answer[0]) ? answer[0] : answer) as JobRow[];
}
