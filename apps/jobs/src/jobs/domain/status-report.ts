import type { JobStatus } from '#messaging';

/**
 * A change of a job's last known status (or progress), at a position `(attempt, step)`
 * (job-position.ts). Fields left undefined keep their stored value.
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
