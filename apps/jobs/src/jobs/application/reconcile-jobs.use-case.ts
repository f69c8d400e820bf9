import { Injectable, Logger } from '@nestjs/common';
import { JobsConfig } from '../../jobs.config.js';
import { JobErrorCodes } from '../domain/job-error.js';
import { Step } from '../domain/job-position.js';
import { JobQueue } from './job-queue.port.js';
import { JobStore } from './job-store.port.js';
import { StatusWriter } from './status-writer.js';

/** Unfinished jobs one pass looks at. */
const CANDIDATES_PER_PASS = 1000;

/**
 * The reconciler: unfinished jobs (registered, queued, running) idle for JOBS_RECONCILE_IDLE_MS
 * that the queue does not have (a Redis that lost its data) are enqueued again under the same
 * id; one the queue failed without telling the store (it stalled too often) is recorded `failed`.
 */
@Injectable()
export class ReconcileJobs {
  private readonly logger = new Logger(ReconcileJobs.name);

  constructor(
    private readonly config: JobsConfig,
    private readonly jobs: JobStore,
    private readonly queue: JobQueue,
    private readonly status: StatusWriter,
  ) {}

  /** Returns how many jobs it enqueued again. */
  async execute(): Promise<number> {
    const candidates = await this.jobs.unfinished(this.config.JOBS_RECONCILE_IDLE_MS, CANDIDATES_PER_PASS);
    let enqueued = 0;
    for (const job of candidates) {
      const found = await this.queue.find(job.name, job.id);
      if (!found) {
        await this.queue.enqueue({ id: job.id, tenant: job.tenant, name: job.name, params: job.params, runAt: job.runAt, attempts: job.attempts, attempt: job.attempt });
        if (job.status === 'registered') await this.status.write({ id: job.id, tenant: job.tenant, status: 'queued', attempt: 0, step: Step.queued });
        enqueued++;
        continue;
      }
      if (found.state === 'failed') {
        await this.status.write({
          id: job.id,
          tenant: job.tenant,
          status: 'failed',
          attempt: Math.max(job.attempt, job.attempts, 1),
          attempts: Math.max(job.attempts, 1),
          step: Step.finished,
          error: { code: JobErrorCodes.stalled, message: found.failedReason || 'The job failed in the queue.' },
          finishedAt: new Date(),
        });
      }
    }
    if (enqueued > 0) this.logger.warn(`reconciler: enqueued ${enqueued} job(s) missing from the queue`);
    return enqueued;
  }
}
