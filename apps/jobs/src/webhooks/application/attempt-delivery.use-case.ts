import { Injectable, Logger } from '@nestjs/common';
import { JobsConfig } from '../../jobs.config.js';
import { retryAfterMs, verdictOf, type AttemptOutcome, type Verdict } from '../domain/delivery-policy.js';
import { signingSecrets } from '../domain/webhook.js';
import { deliveryBody, type DeliveredEvent } from '../domain/webhook-body.js';
import { webhookHeaders } from '../domain/webhook-signature.js';
import { WebhookSender } from './webhook-sender.port.js';
import { WebhookStore, type AttemptRecord } from './webhook-store.port.js';

/** What became of one attempt: `skipped` when there was nothing to send (gone, already delivered). */
export interface AttemptResult {
  verdict: Verdict | 'skipped';
  /** For a retry: the least wait the receiver asked for (Retry-After), capped. */
  retryAfterMs?: number;
  outcome?: AttemptOutcome;
}

const SNIPPET_CHARS = 512;

/**
 * One attempt of one delivery, run by a worker: signs the body (every attempt has the same
 * `webhook-id`, the delivery's id, and its own timestamp), sends it, and records the outcome.
 * `last` says whether the queue has attempts left: a failure worth retrying on the last one
 * makes the delivery `dead`. A subscription whose attempts have all failed for
 * WEBHOOKS_DISABLE_AFTER_FAILING_MS is disabled, with the reason its admins see.
 */
@Injectable()
export class AttemptDelivery {
  private readonly logger = new Logger(AttemptDelivery.name);

  constructor(
    private readonly store: WebhookStore,
    private readonly sender: WebhookSender,
    private readonly config: JobsConfig,
  ) {}

  async execute(deliveryId: string, last: boolean): Promise<AttemptResult> {
    const delivery = await this.store.findDelivery(deliveryId);
    if (!delivery || delivery.status === 'delivered' || delivery.status === 'dead') return { verdict: 'skipped' };
    const webhook = await this.store.findById(delivery.webhookId);
    if (!webhook) return { verdict: 'skipped' };
    if (!webhook.enabled) {
      const reason = webhook.disabledReason ? `The webhook was disabled: ${webhook.disabledReason}` : 'The webhook is disabled.';
      await this.store.recordAttempt(delivery.id, { status: 'dead', latencyMs: null, responseStatus: null, responseSnippet: null, error: { code: 'WEBHOOK_DISABLED', message: reason } });
      return { verdict: 'dead' };
    }
    await this.store.startAttempt(delivery.id);
    const body = deliveryBody(webhook.format, delivery.event as DeliveredEvent);
    const now = new Date();
    const headers = { 'content-type': 'application/json', 'user-agent': 'campaigns-platform-webhooks/1', ...webhookHeaders(signingSecrets(webhook, now), delivery.id, now, body) };
    const outcome = await this.sender.send(webhook.url, headers, body);
    const verdict = verdictOf(outcome);
    const status = verdict === 'delivered' ? 'delivered' : verdict === 'dead' || last ? 'dead' : 'failed';
    await this.store.recordAttempt(delivery.id, recordOf(status, outcome));
    if (verdict === 'delivered') await this.store.markHealthy(webhook.id);
    else await this.noteFailure(webhook.id, outcome);
    return { verdict: status === 'failed' ? 'retry' : status === 'dead' ? 'dead' : 'delivered', retryAfterMs: retryAfterMs(outcome.retryAfter, this.config.WEBHOOKS_RETRY_MAX_MS), outcome };
  }

  private async noteFailure(webhookId: string, outcome: AttemptOutcome): Promise<void> {
    const since = await this.store.markFailing(webhookId);
    const limit = this.config.WEBHOOKS_DISABLE_AFTER_FAILING_MS;
    if (!since || Date.now() - since.getTime() < limit) return;
    const what = outcome.status !== undefined ? `HTTP ${outcome.status}` : `${outcome.error?.code}: ${outcome.error?.message}`;
    const reason = `Every delivery attempt failed for ${duration(limit)} (since ${since.toISOString()}); the last: ${what.replace(/\.$/, '')}.`;
    if (await this.store.disable(webhookId, reason)) this.logger.warn(`webhook ${webhookId} disabled: ${reason}`);
  }
}

function recordOf(status: AttemptRecord['status'], outcome: AttemptOutcome): AttemptRecord {
  const verdict = verdictOf(outcome);
  const error =
    outcome.error ?? (verdict === 'delivered' ? null : { code: outcome.status! >= 300 && outcome.status! < 400 ? 'REDIRECT_NOT_FOLLOWED' : 'HTTP_ERROR', message: `The receiver answered ${outcome.status}.` });
  return {
    status,
    latencyMs: outcome.latencyMs,
    responseStatus: outcome.status ?? null,
    responseSnippet: outcome.snippet !== undefined ? outcome.snippet.slice(0, SNIPPET_CHARS) : null,
    error,
  };
}

function duration(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 1000).toFixed(1)} s`;
}
