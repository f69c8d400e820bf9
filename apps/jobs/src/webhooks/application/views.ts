import type { CreatedWebhookData, WebhookData, WebhookDeliveryData } from '#messaging';
import type { Delivery, Webhook } from '../domain/webhook.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** A subscription as the API answers it: never its secrets. */
export function webhookData(w: Webhook): WebhookData {
  return {
    id: w.id,
    url: w.url,
    eventTypes: w.eventTypes,
    format: w.format,
    enabled: w.enabled,
    description: w.description,
    disabledReason: w.disabledReason,
    disabledAt: iso(w.disabledAt),
    previousSecretExpiresAt: w.previousSecret ? iso(w.previousSecretExpiresAt) : null,
    version: w.version,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** The answer of a create or a rotation: the one time the secret is shown. */
export function createdWebhookData(w: Webhook): CreatedWebhookData {
  return { ...webhookData(w), secret: w.secret };
}

export function deliveryData(d: Delivery): WebhookDeliveryData {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastAttemptAt: iso(d.lastAttemptAt),
    latencyMs: d.latencyMs,
    responseStatus: d.responseStatus,
    responseSnippet: d.responseSnippet,
    error: d.errorCode ? { code: d.errorCode, message: d.errorMessage ?? '' } : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
  };
}
