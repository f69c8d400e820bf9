import { Injectable } from '@nestjs/common';
import { JobsConfig } from '../../jobs.config.js';
import { DeliveryQueue } from './delivery-queue.port.js';
import { WebhookStore } from './webhook-store.port.js';

const BATCH = 500;

/**
 * Redis is not the record: a delivery whose queue job was lost (Redis lost its data, or an
 * enqueue failed after the delivery was recorded, as a replay's can) is enqueued again. A
 * pending delivery idle for JOBS_RECONCILE_IDLE_MS, or a failed one whose next attempt is that
 * much overdue (the longest wait is WEBHOOKS_RETRY_MAX_MS), is re-added; the job id is the
 * series', so one that is still in the queue is not added twice.
 */
@Injectable()
export class ReconcileDeliveries {
  constructor(
    private readonly store: WebhookStore,
    private readonly queue: DeliveryQueue,
    private readonly config: JobsConfig,
  ) {}

  async execute(): Promise<number> {
    const idle = await this.store.unfinishedIdleDeliveries(this.config.JOBS_RECONCILE_IDLE_MS, this.config.WEBHOOKS_RETRY_MAX_MS, BATCH);
    for (const delivery of idle) await this.queue.enqueue(delivery);
    return idle.length;
  }
}
