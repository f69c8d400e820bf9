import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { RedisService } from '#common';

/**
 * Cancellation of running jobs across processes: the cancel use case publishes the job id on
 * `<REDIS_PREFIX>:jobs:cancel` after its commit; every worker process listens and aborts the
 * signal of that job if it runs it, so a running `sleep` stops at once (well within 1 s).
 * Pub/sub is at most once: a worker that missed the message lets the job finish, and its final
 * report is ignored because the stored status is already `cancelled` (a final status).
 */
@Injectable()
export class CancelSignals implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CancelSignals.name);
  private readonly running = new Map<string, AbortController>();
  private subscriber: Redis | null = null;
  readonly channel: string;

  constructor(private readonly redis: RedisService) {
    this.channel = redis.key('jobs', 'cancel');
  }

  onModuleInit(): void {
    this.subscriber = this.redis.connect('jobs-cancel', { enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel: string, id: string) => this.abort(id));
    // Not awaited: with Redis away the subscription waits for it (ioredis subscribes again on
    // every reconnection), and start-up must not wait with it.
    void this.subscriber.subscribe(this.channel).catch((error) => this.logger.warn({ err: error }, 'cannot listen for cancellations yet'));
  }

  /** A running job's controller; `release` when it ends. */
  track(id: string, controller: AbortController): () => void {
    this.running.set(id, controller);
    return () => {
      if (this.running.get(id) === controller) this.running.delete(id);
    };
  }

  async publish(id: string): Promise<void> {
    await this.redis.client.publish(this.channel, id);
  }

  private abort(id: string): void {
    this.running.get(id)?.abort(new CancelledSignal());
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }
}

/** The abort reason of a cancelled job. */
export class CancelledSignal extends Error {
  constructor() {
    super('The job was cancelled.');
    this.name = 'CancelledSignal';
  }
}

/**
 * How a run of a cancelled job ends in BullMQ: failed without retry, with this reason, for the
 * moment until its worker removes it from the queue (BullMQ has no cancelled state, and the
 * dashboard would offer to retry a failed job the store holds as final).
 */
export class JobCancelled extends UnrecoverableError {
  constructor(id: string) {
    super(`cancelled: job ${id} was cancelled (POST /v1/jobs/${id}/cancel); its status is cancelled, it is not retried`);
    this.name = 'JobCancelled';
  }
}
