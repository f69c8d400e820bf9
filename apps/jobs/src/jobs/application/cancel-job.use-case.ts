import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, NotFoundError, tenantOf, type RequestContext } from '#common';
import { UnitOfWork, type JobData } from '#messaging';
import { isFinal, Step } from '../domain/job-position.js';
import { CancelBroadcast } from './cancel-broadcast.port.js';
import { JobChangeAnnouncer } from './job-change-announcer.port.js';
import { JobQueue } from './job-queue.port.js';
import { JobStore } from './job-store.port.js';
import { statusEvent } from './status-writer.js';
import { jobData } from './views.js';

/**
 * POST /v1/jobs/{id}/cancel (admin): the job becomes `cancelled` (with `job.cancelled`) at
 * once; 409 if it is already final. Then, after the commit, it leaves the queue if it waits
 * there, and a running one is told to stop (its worker aborts it; a `sleep` stops within 1 s).
 * Whatever the worker reports afterwards is ignored: `cancelled` is final.
 */
@Injectable()
export class CancelJob {
  private readonly logger = new Logger(CancelJob.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobStore,
    private readonly queue: JobQueue,
    private readonly cancels: CancelBroadcast,
    private readonly changes: JobChangeAnnouncer,
  ) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<JobData> {
    const tenant = tenantOf(ctx);
    const job = await this.uow.run(ctx, async (tx) => {
      const current = await this.jobs.findById(tenant, input.id, { tx, lock: true });
      if (!current) throw new NotFoundError('Job', input.id);
      if (isFinal(current.status)) throw new ConflictError('JOB_ALREADY_FINAL', `Job ${input.id} is already ${current.status}.`, { jobStatus: current.status });
      const [changed] = await this.jobs.applyReports(tx, [
        { id: current.id, tenant, status: 'cancelled', attempt: current.attempt, step: Step.cancelled, finishedAt: new Date() },
      ]);
      await tx.publish(statusEvent(changed!, 'cancelled'));
      return changed!;
    });
    this.changes.announce([job.id]);
    await this.cancels.publish(job.id).catch((error) => this.logger.warn({ err: error }, `could not signal the cancellation of job ${job.id}`));
    await this.queue.remove(job.name, job.id).catch(() => false);
    return jobData(job);
  }
}
