import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { activeTraceparent, isRedisUnavailable, RedisService } from '#common';
import { JobsConfig } from '../../../jobs.config.js';
import { JobQueue, type Enqueueable, type QueuedJob } from '../../application/job-queue.port.js';
import { JOB_DEFINITIONS, findDefinition } from '../../definitions/index.js';
import { enqueuedData, type QueuedJobData } from './queued-job-data.js';

/**
 * One BullMQ queue per definition (its concurrency, attempts and timeout are its own), named
 * after the definition, under `<REDIS_PREFIX>:{bull:<name>}` (RedisService.queuePrefix). The BullMQ job id is the registration id:
 * adding a job that is already there does nothing, so a redelivered `job.registered`, the
 * reconciler and the scheduler can all enqueue the same job safely. Finished jobs stay in the
 * queue JOBS_QUEUE_RETENTION_S (1 day) for the dashboard, then BullMQ removes them.
 * Made with BullMQ itself, as the workers are: job-workers.ts says why not with @nestjs/bullmq.
 */
@Injectable()
export class JobQueues implements JobQueue, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueues.name);
  private readonly queues = new Map<string, Queue>();

  constructor(
    redis: RedisService,
    private readonly config: JobsConfig,
  ) {
    const connection = redis.connect('bullmq-queues', { maxRetriesPerRequest: 1, enableOfflineQueue: true });
    for (const definition of JOB_DEFINITIONS) {
      const queue = new Queue(definition.name, { connection, prefix: redis.queuePrefix(definition.name) });
      // Without a listener BullMQ prints every error with its stack; an outage is RedisService's to report.
      queue.on('error', (error) => {
        if (!isRedisUnavailable(error)) this.logger.warn({ err: error }, `queue ${definition.name}: ${error.message}`);
      });
      this.queues.set(definition.name, queue);
    }
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`No queue for job definition ${name}`);
    return queue;
  }

  async enqueue(job: Enqueueable): Promise<void> {
    const definition = findDefinition(job.name);
    if (!definition) throw new Error(`No job definition ${job.name}`);
    const data: QueuedJobData = { ...enqueuedData(job.tenant, job.params, job.attempts, job.attempt), traceparent: activeTraceparent() };
    const age = this.config.JOBS_QUEUE_RETENTION_S;
    await this.queue(job.name).add(job.name, data, {
      jobId: job.id,
      delay: job.runAt ? Math.max(0, job.runAt.getTime() - Date.now()) : undefined,
      attempts: definition.attempts,
      backoff: { type: 'exponential', delay: definition.backoffMs },
      removeOnComplete: { age },
      removeOnFail: { age },
      // No stack in the queue: the dashboard then shows the failure's reason (its code and
      // message, or "cancelled: ...") where it would show our code's stack frames.
      stackTraceLimit: 0,
    });
  }

  async find(name: string, id: string): Promise<QueuedJob | undefined> {
    const job = await this.queues.get(name)?.getJob(id);
    return job ? { state: await job.getState(), failedReason: job.failedReason } : undefined;
  }

  /** Removes a job that is not running (waiting, delayed, finished); false when it is locked by a worker. */
  async remove(name: string, id: string): Promise<boolean> {
    const queue = this.queues.get(name);
    if (!queue) return true;
    return (await queue.remove(id)) === 1 || (await queue.getJob(id)) === undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.all().map((q) => q.close()));
  }
}
