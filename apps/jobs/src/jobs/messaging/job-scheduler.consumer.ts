import { Controller, Logger } from '@nestjs/common';
import { ConsumeEvent, JobsEvents, type EventEnvelope, type TenantJobData } from '#messaging';
import { Step } from '../domain/job-position.js';
import { JobQueues } from '../queue/job-queues.js';
import { StatusWriter } from '../queue/status-writer.js';

/**
 * The scheduler: consumes `job.registered` (consumer group `jobs`) and enqueues the job in
 * BullMQ under its registration id, delayed until `runAt` if it has one. A repeated event adds
 * nothing (BullMQ keeps one job per id). The `queued` report is written without holding up the
 * event stream; if it is lost, the worker's `running` report supersedes it anyway.
 */
@Controller()
export class JobSchedulerConsumer {
  private readonly logger = new Logger(JobSchedulerConsumer.name);

  constructor(
    private readonly queues: JobQueues,
    private readonly status: StatusWriter,
  ) {}

  @ConsumeEvent(JobsEvents.registered, 'jobs')
  async onRegistered(event: EventEnvelope<TenantJobData>): Promise<void> {
    const job = event.payload;
    await this.queues.enqueue({ id: job.id, tenant: job.tenant, name: job.name, params: job.params, runAt: job.runAt ? new Date(job.runAt) : null, attempts: 0 });
    this.status
      .write({ id: job.id, tenant: job.tenant, status: 'queued', attempt: 0, step: Step.queued })
      .catch((error) => this.logger.warn({ err: error }, `job ${job.id} is enqueued; recording queued failed`));
  }
}
