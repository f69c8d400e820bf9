import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { Counter } from 'prom-client';
import { isRedisUnavailable, MetricsService, RedisService } from '#common';
import { JobsConfig } from '../../../jobs.config.js';
import { AttemptDelivery } from '../../application/attempt-delivery.use-case.js';
import { backoffMs } from '../../domain/delivery-policy.js';
import { DELIVERY_BACKOFF, DELIVERY_QUEUE, type DeliveryJobData } from './delivery-queue.js';

/** An attempt worth repeating; carries the receiver's Retry-After to the backoff. */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/**
 * The worker of webhook deliveries (worker role), WEBHOOKS_CONCURRENCY at once per process.
 * An attempt worth repeating fails the BullMQ job, which comes back after the backoff:
 * exponential with full jitter from WEBHOOKS_RETRY_BASE_MS, at most WEBHOOKS_RETRY_MAX_MS, and
 * at least the receiver's Retry-After. A worker that dies mid-attempt loses its lock after
 * JOBS_LOCK_MS; the stalled check of another worker puts the job back and it is sent again,
 * with the same `webhook-id` (at least once).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private worker: Worker<DeliveryJobData> | undefined;
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly redis: RedisService,
    private readonly config: JobsConfig,
    private readonly attempt: AttemptDelivery,
    metrics: MetricsService,
  ) {
    this.outcomes = new Counter({
      name: 'webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered, retry (failed, another attempt follows), dead (no attempt follows), skipped',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    const { WEBHOOKS_RETRY_BASE_MS: base, WEBHOOKS_RETRY_MAX_MS: max } = this.config;
    const connection = this.redis.connect('bullmq-worker-webhooks', { maxRetriesPerRequest: null, enableOfflineQueue: true });
    this.worker = new Worker<DeliveryJobData>(DELIVERY_QUEUE, (job) => this.run(job), {
      connection,
      prefix: this.redis.queuePrefix(DELIVERY_QUEUE),
      concurrency: this.config.WEBHOOKS_CONCURRENCY,
      lockDuration: this.config.JOBS_LOCK_MS,
      stalledInterval: this.config.JOBS_LOCK_MS,
      maxStalledCount: 2,
      settings: {
        backoffStrategy: (attemptsMade, type, error) => {
          if (type !== DELIVERY_BACKOFF) return -1;
          return backoffMs(attemptsMade, base, max, error instanceof RetryLater ? error.retryAfterMs : undefined);
        },
      },
    });
    this.worker.on('error', (error) => {
      if (!isRedisUnavailable(error)) this.logger.warn({ err: error }, `worker ${DELIVERY_QUEUE}: ${error.message}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
  }

  private async run(job: Job<DeliveryJobData>): Promise<void> {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await this.attempt.execute(job.data.deliveryId, last);
    this.outcomes.inc({ outcome: result.verdict });
    if (result.verdict === 'retry') {
      const { outcome } = result;
      throw new RetryLater(outcome?.error ? `${outcome.error.code}: ${outcome.error.message}` : `HTTP ${outcome?.status}`, result.retryAfterMs);
    }
  }
}
