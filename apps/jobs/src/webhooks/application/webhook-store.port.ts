import type { Page, Tenant } from '#common';
import type { DeliveryStatus } from '#messaging';
import type { Delivery, Webhook } from '../domain/webhook.js';

/** What an attempt leaves in the delivery log. */
export interface AttemptRecord {
  status: DeliveryStatus;
  latencyMs: number | null;
  responseStatus: number | null;
  responseSnippet: string | null;
  error: { code: string; message: string } | null;
}

/** Subscriptions and their delivery log (schema `jobs`). */
export abstract class WebhookStore {
  /** Inserts unless the tenant has `max` subscriptions already (false then), even against concurrent inserts. */
  abstract insertWithin(webhook: Webhook, max: number): Promise<boolean>;
  abstract find(tenant: Tenant, id: string): Promise<Webhook | null>;
  /** Any tenant's (the workers'). */
  abstract findById(id: string): Promise<Webhook | null>;
  abstract list(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<Page<Webhook>>;
  /** Saves the mutable fields with version + 1, if it is still at `webhook.version` (the version read); null otherwise. */
  abstract update(webhook: Webhook): Promise<Webhook | null>;
  /** Deletes the subscription and its delivery log; with `version`, only at that version. */
  abstract delete(tenant: Tenant, id: string, version?: number): Promise<boolean>;
  /** The tenant's enabled subscriptions to this event type. */
  abstract subscribedTo(tenant: string, type: string): Promise<Webhook[]>;

  /** Inserts deliveries; one that exists for the same (subscription, event) is left as it is. */
  abstract insertDeliveries(deliveries: Delivery[]): Promise<void>;
  /** The deliveries of an event not attempted yet (to enqueue, again if need be). */
  abstract unattemptedDeliveriesOf(eventId: string): Promise<Delivery[]>;
  /** Deliveries that should be in the queue but may not be (pending and idle, or failed and overdue). */
  abstract unfinishedIdleDeliveries(idleMs: number, maxBackoffMs: number, limit: number): Promise<Delivery[]>;
  abstract findDelivery(id: string): Promise<Delivery | null>;
  abstract listDeliveries(tenant: Tenant, webhookId: string, request: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<Page<Delivery>>;
  /** Counts an attempt starting now. */
  abstract startAttempt(id: string): Promise<void>;
  abstract recordAttempt(id: string, record: AttemptRecord): Promise<void>;
  /** A new attempt series: pending again, `replays` + 1; null if no such delivery of that subscription. */
  abstract replay(tenant: Tenant, webhookId: string, deliveryId: string): Promise<Delivery | null>;

  /** The subscription's deliveries succeed again. */
  abstract markHealthy(webhookId: string): Promise<void>;
  /** An attempt failed: returns since when the subscription's attempts have all failed. */
  abstract markFailing(webhookId: string): Promise<Date | null>;
  /** Disables an enabled subscription, saying why; false if it was not enabled. */
  abstract disable(webhookId: string, reason: string): Promise<boolean>;

  abstract deleteDeliveriesBefore(days: number): Promise<number>;
}
