import type { JobStatus } from '#messaging';
import type { JobPosition } from './job-position.js';

/** A registered job and its last known status, at the position of the last report applied. */
export interface Job extends JobPosition {
  id: string;
  tenant: string;
  name: string;
  params: unknown;
  status: JobStatus;
  progress: number | null;
  result: unknown;
  error: { code: string; message: string } | null;
  /** Attempts started; below `attempt` once runs were handed back at a worker's shutdown. */
  attempts: number;
  runAt: Date | null;
  scheduleId: string | null;
  /** The body its Idempotency-Key stands for (null without a key): tells a replay from a reuse. */
  requestHash: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}
