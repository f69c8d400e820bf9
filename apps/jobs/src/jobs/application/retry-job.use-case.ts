import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, NotFoundError, tenantOf, type RequestContext } from '#common';
import { UnitOfWork, type JobData } from '#messaging';
import { Step } from '../domain/job-position.js';
import { JobQueue } from './job-queue.port.js';
import { JobStore } from './job-store.port.js';
import { statusEvent } from './status-writer.js';
import { jobData } from './views.js';

/**
 * POST /v1/jobs/{id}/retry (admin): a `failed` job goes back to `queued` (with `job.queued`) at
 * (its last attempt, retried), and is enqueued again under the same id: its next attempt
 * continues the count. 409 unless `failed`. If the queue cannot be reached now, the job stays
 * `queued` in the store and the reconciler enqueues it later.
 */
@Injectable()
export class RetryJob {
  private readonly logger = new Logger(RetryJob.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobStore,
    private readonly queue: JobQueue,
  ) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<JobData> {
    const tenant = tenantOf(ctx);
    const job = await this.uow.run(ctx, async (tx) => {
      const current = await this.jobs.findById(tenant, input.id, { tx, lock: true });
      if (!current) throw new NotFoundError('Job', input.id);
      if (current.status !== 'failed') throw new ConflictError('JOB_NOT_FAILED', `Only a failed job can be retried; job ${input.id} is ${current.status}.`, { jobStatus: current.status });
      const [changed] = await this.jobs.applyReports(tx, [
        { id: current.id, tenant, status: 'queued', attempt: current.attempt, step: Step.retried, retry: true, error: null, result: null, progress: null, finishedAt: null },
      ]);
      await tx.publish(statusEvent(changed!, 'queued'));
      return changed!;
    });
    try {
      await this.queue.remove(job.name, job.id);
      await this.queue.enqueue({ id: job.id, tenant: job.tenant, name: job.name, params: job.params, runAt: null, attempts: job.attempts, attempt: job.attempt });
    } catch (error) {
      this.logger.warn({ err: error }, `job ${job.id} is queued in the store; the reconciler will enqueue it`);
    }
    return jobData(job);
  }
}
