import { Controller } from '@nestjs/common';
import { ConsumeEvent, JobsEvents, type EventEnvelope, type TenantJobData } from '#messaging';
import { EnqueueJob } from '../application/enqueue-job.use-case.js';

/**
 * The scheduler: consumes `job.registered` (consumer group `jobs`) and enqueues the job. A
 * repeated event adds nothing (the queue keeps one job per id).
 */
@Controller()
export class JobSchedulerConsumer {
  constructor(private readonly enqueueJob: EnqueueJob) {}

  @ConsumeEvent(JobsEvents.registered, 'jobs')
  onRegistered(event: EventEnvelope<TenantJobData>): Promise<void> {
    return this.enqueueJob.execute(event.payload);
  }
}
