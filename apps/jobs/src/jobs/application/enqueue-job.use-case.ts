import { Injectable } from '@nestjs/common';
import type { TenantJobData } from '#messaging';
import { JobQueue } from './job-queue.port.js';

/**
 * A registered job enters the queue under its registration id, delayed until `runAt` if it has
 * one; enqueueing it again adds nothing. Its `queued` status was recorded with its registration
 * (JobRegistrar), so this is one queue call and nothing else.
 */
@Injectable()
export class EnqueueJob {
  constructor(private readonly queue: JobQueue) {}

  execute(job: TenantJobData): Promise<void> {
    return this.queue.enqueue({ id: job.id, tenant: job.tenant, name: job.name, params: job.params, runAt: job.runAt ? new Date(job.runAt) : null, attempts: 0 });
  }
}
