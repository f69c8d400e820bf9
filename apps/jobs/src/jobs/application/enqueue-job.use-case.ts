import { Injectable, Logger } from '@nestjs/common';
import type { TenantJobData } from '#messaging';
import { Step } from '../domain/job-position.js';
import { JobQueue } from './job-queue.port.js';
import { StatusWriter } from './status-writer.js';

/**
 * A registered job enters the queue under its registration id, delayed until `runAt` if it has
 * one; enqueueing it again adds nothing. The `queued` report is written without holding up the
 * caller (the event stream); if it is lost, the worker's `running` report supersedes it anyway.
 */
@Injectable()
export class EnqueueJob {
  private readonly logger = new Logger(EnqueueJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly status: StatusWriter,
  ) {}

  async execute(job: TenantJobData): Promise<void> {
    await this.queue.enqueue({ id: job.id, tenant: job.tenant, name: job.name, params: job.params, runAt: job.runAt ? new Date(job.runAt) : null, attempts: 0 });
    this.status
      .write({ id: job.id, tenant: job.tenant, status: 'queued', attempt: 0, step: Step.queued })
      .catch((error) => this.logger.warn({ err: error }, `job ${job.id} is enqueued; recording queued failed`));
  }
}
