import { Injectable } from '@nestjs/common';
import { newId } from '#common';
import { newDelivery } from '../domain/webhook.js';
import type { DeliveredEvent } from '../domain/webhook-body.js';
import { DeliveryQueue } from './delivery-queue.port.js';
import { WebhookStore } from './webhook-store.port.js';

/**
 * A campaign or event changed: one delivery per enabled subscription of that tenant to that
 * type, then each is enqueued. Safe to repeat (events arrive at least once): a (subscription,
 * event) pair has one delivery (unique index), and each delivery's first series has a BullMQ
 * job id of its own, so a repeat enqueues nothing twice; it does enqueue a delivery that was
 * recorded but not enqueued (Redis away after the insert), which is why the handler fails then.
 */
@Injectable()
export class FanOutEvent {
  constructor(
    private readonly store: WebhookStore,
    private readonly queue: DeliveryQueue,
  ) {}

  async execute(event: DeliveredEvent): Promise<number> {
    if (typeof event.tenant !== 'string') return 0;
    const subscribed = await this.store.subscribedTo(event.tenant, event.type);
    if (subscribed.length === 0) return 0;
    const now = new Date();
    const deliveries = subscribed.map((webhook) => newDelivery(newId(), webhook, event, now));
    await this.store.insertDeliveries(deliveries);
    const waiting = await this.store.unattemptedDeliveriesOf(event.id);
    for (const delivery of waiting) await this.queue.enqueue(delivery);
    return waiting.length;
  }
}
