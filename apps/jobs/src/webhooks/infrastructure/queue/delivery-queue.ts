import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { isRedisUnavailable, RedisService } from '#common';
import { JobsConfig } from '../../../jobs.config.js';
import { DeliveryQueue } from '../../application/delivery-queue.port.js';

/** The BullMQ queue of webhook deliveries, beside the job definitions' queues, under `<REDIS_PREFIX>:{bull:webhooks}`. */
export const DELIVERY_QUEUE = 'webhooks';
/** The name of the custom backoff the delivery worker implements (delivery-worker.ts). */
export const DELIVERY_BACKOFF = 'webhook';

export interface DeliveryJobData {
  deliveryId: string;
}

/**
 * Delivery series in BullMQ: the job id is the delivery id (`<id>-r<n>` for replay n), so a
 * repeated event, or a repeated enqueue of the same series, adds nothing. A series has
 * WEBHOOKS_MAX_ATTEMPTS attempts with the worker's backoff; finished jobs stay
 * JOBS_QUEUE_RETENTION_S in the queue (the delivery log is the record).
 */
@Injectable()
export class DeliveryQueues extends DeliveryQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryQueues.name);
  readonly queue: Queue<DeliveryJobData>;

  constructor(
    redis: RedisService,
    private readonly config: JobsConfig,
  ) {
    super();
    const connection = redis.connect('bullmq-webhooks', { maxRetriesPerRequest: 1, enableOfflineQueue: true });
    this.queue = new Queue<DeliveryJobData>(DELIVERY_QUEUE, { connection, prefix: redis.queuePrefix(DELIVERY_QUEUE) });
    this.queue.on('error', (error) => {
      if (!isRedisUnavailable(error)) this.logger.warn({ err: error }, `queue ${DELIVERY_QUEUE}: ${error.message}`);
    });
  }

  async enqueue(delivery: { id: string; replays: number }): Promise<void> {
    const age = this.config.JOBS_QUEUE_RETENTION_S;
    await this.queue.add(
      'deliver',
      { deliveryId: delivery.id },
      {
        jobId: delivery.replays === 0 ? delivery.id : `${delivery.id}-r${delivery.replays}`,
        attempts: this.config.WEBHOOKS_MAX_ATTEMPTS,
        backoff: { type: DELIVERY_BACKOFF },
        removeOnComplete: { age },
        removeOnFail: { age },
        stackTraceLimit: 0,
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
