import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RedisService, type RedisConnection } from '#common';
import { CancelBroadcast } from '../../application/cancel-broadcast.port.js';
import { CancelledSignal } from './cancelled-signal.error.js';

/**
 * Cancellation of running jobs across processes: the cancel use case publishes the job id on
 * `<REDIS_PREFIX>:jobs:cancel` after its commit; every worker process listens and aborts the
 * signal of that job if it runs it, so a running `sleep` stops at once (well within 1 s).
 * Pub/sub is at most once: a worker that missed the message lets the job finish, and its final
 * report is ignored because the stored status is already `cancelled` (a final status).
 */
@Injectable()
export class CancelSignals implements CancelBroadcast, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CancelSignals.name);
  private readonly running = new Map<string, AbortController>();
  private subscriber: RedisConnection | null = null;
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
