import type { DeliveryStatus, WebhookEventType, WebhookFormat } from '#messaging';

/** A tenant's subscription to its campaigns' and events' domain events. */
export interface Webhook {
  id: string;
  tenant: string;
  url: string;
  eventTypes: WebhookEventType[];
  format: WebhookFormat;
  enabled: boolean;
  description: string | null;
  /** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. */
  secret: string;
  /** The secret before the last rotation, valid until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  disabledReason: string | null;
  disabledAt: Date | null;
  /** The first failed attempt since the last delivered one (null while deliveries succeed). */
  failingSince: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One event for one subscription: its id is the `webhook-id` of every attempt, replays included. */
export interface Delivery {
  id: string;
  tenant: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The event envelope as it was consumed. */
  event: unknown;
  status: DeliveryStatus;
  attempts: number;
  /** Replays so far: the BullMQ job of series n is `<id>-r<n>` (the first is `<id>`). */
  replays: number;
  lastAttemptAt: Date | null;
  latencyMs: number | null;
  responseStatus: number | null;
  responseSnippet: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A new delivery of `event` to one subscription: pending, not attempted. */
export function newDelivery(id: string, webhook: Pick<Webhook, 'id' | 'tenant'>, event: { id: string; type: string; [field: string]: unknown }, now: Date): Delivery {
  return {
    id,
    tenant: webhook.tenant,
    webhookId: webhook.id,
    eventId: event.id,
    eventType: event.type,
    event,
    status: 'pending',
    attempts: 0,
    replays: 0,
    lastAttemptAt: null,
    latencyMs: null,
    responseStatus: null,
    responseSnippet: null,
    errorCode: null,
    errorMessage: null,
    createdAt: now,
    deliveredAt: null,
  };
}

/** The secrets that sign a delivery now: the current one, and the previous one during its grace. */
export function signingSecrets(webhook: Pick<Webhook, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now = new Date()): string[] {
  const previous = webhook.previousSecret && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > now ? [webhook.previousSecret] : [];
  return [webhook.secret, ...previous];
}

/** Whether a subscription takes events of this type. */
export function subscribesTo(webhook: Pick<Webhook, 'eventTypes' | 'enabled'>, type: string): boolean {
  return webhook.enabled && (webhook.eventTypes as string[]).includes(type);
}
