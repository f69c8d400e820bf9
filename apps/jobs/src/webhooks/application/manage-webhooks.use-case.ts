import { Injectable } from '@nestjs/common';
import { ConflictError, newId, NotFoundError, PreconditionFailedError, tenantOf, ValidationError, mapPage, type Page, type RequestContext } from '#common';
import type { ChangeWebhookRequest, CreatedWebhookData, CreateWebhookRequest, WebhookData } from '#messaging';
import { JobsConfig } from '../../jobs.config.js';
import type { Webhook } from '../domain/webhook.js';
import { newSecret } from '../domain/webhook-signature.js';
import { webhookUrlProblem } from '../domain/webhook-url.js';
import { createdWebhookData, webhookData } from './views.js';
import { WebhookStore } from './webhook-store.port.js';

/**
 * `/v1/webhooks`: a tenant admin's subscriptions. The gateway checked the shapes; the URL is
 * checked here against this deployment's rules (https in production, no private address
 * unless WEBHOOKS_ALLOW_PRIVATE). The secret is in the answer of a create and of a rotation
 * only. One class for the six verbs: each is a few lines over the store.
 */
@Injectable()
export class ManageWebhooks {
  constructor(
    private readonly store: WebhookStore,
    private readonly config: JobsConfig,
  ) {}

  async create(ctx: RequestContext, input: CreateWebhookRequest): Promise<CreatedWebhookData> {
    this.checkUrl(input.url);
    const now = new Date();
    const webhook: Webhook = {
      id: newId(),
      tenant: tenantOf(ctx),
      url: input.url,
      eventTypes: [...new Set(input.eventTypes)],
      format: input.format ?? 'standard',
      enabled: input.enabled ?? true,
      description: input.description ?? null,
      secret: newSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const max = this.config.WEBHOOKS_MAX_PER_TENANT;
    if (!(await this.store.insertWithin(webhook, max))) {
      throw new ConflictError('WEBHOOK_LIMIT_REACHED', `A tenant may have at most ${max} webhooks; delete one first.`, { limit: max });
    }
    return createdWebhookData(webhook);
  }

  async list(ctx: RequestContext, input: { limit: number; cursor?: string }): Promise<Page<WebhookData>> {
    return mapPage(await this.store.list(tenantOf(ctx), input), webhookData);
  }

  async get(ctx: RequestContext, input: { id: string }): Promise<WebhookData> {
    return webhookData(await this.existing(ctx, input.id));
  }

  /** Merge semantics; enabling a subscription the product disabled clears the reason and starts afresh. */
  async change(ctx: RequestContext, input: ChangeWebhookRequest): Promise<WebhookData> {
    // A bad request is a 400 whether or not the webhook exists.
    if (input.url !== undefined) this.checkUrl(input.url);
    const webhook = await this.existing(ctx, input.id, input.expectedVersions);
    const changed: Webhook = {
      ...webhook,
      url: input.url ?? webhook.url,
      eventTypes: input.eventTypes ? [...new Set(input.eventTypes)] : webhook.eventTypes,
      format: input.format ?? webhook.format,
      description: input.description !== undefined ? input.description : webhook.description,
      enabled: input.enabled ?? webhook.enabled,
    };
    if (input.enabled === true) {
      changed.disabledReason = null;
      changed.disabledAt = null;
      changed.failingSince = null;
    }
    return webhookData(await this.saved(changed));
  }

  async delete(ctx: RequestContext, input: { id: string; expectedVersions?: number[] }): Promise<{ deleted: true }> {
    const webhook = await this.existing(ctx, input.id, input.expectedVersions);
    if (!(await this.store.delete(tenantOf(ctx), input.id, webhook.version))) throw new PreconditionFailedError();
    return { deleted: true };
  }

  /** A new secret; the current one keeps signing (beside it) for WEBHOOKS_SECRET_GRACE_MS. */
  async rotateSecret(ctx: RequestContext, input: { id: string }): Promise<CreatedWebhookData> {
    const webhook = await this.existing(ctx, input.id);
    const grace = this.config.WEBHOOKS_SECRET_GRACE_MS;
    const rotated: Webhook = {
      ...webhook,
      secret: newSecret(),
      previousSecret: grace > 0 ? webhook.secret : null,
      previousSecretExpiresAt: grace > 0 ? new Date(Date.now() + grace) : null,
    };
    const saved = await this.saved(rotated);
    return createdWebhookData({ ...saved, secret: rotated.secret });
  }

  /**
   * The tenant's webhook; with If-Match, only at one of the versions named (an empty list never
   * matches: the client named another resource's ETag): 412 otherwise.
   */
  private async existing(ctx: RequestContext, id: string, expectedVersions?: number[]): Promise<Webhook> {
    const webhook = await this.store.find(tenantOf(ctx), id);
    if (!webhook) throw new NotFoundError('Webhook', id);
    if (expectedVersions !== undefined && !expectedVersions.includes(webhook.version)) throw new PreconditionFailedError();
    return webhook;
  }

  /** Saved only if nobody changed it since it was read (the product disabling it included): 412 otherwise. */
  private async saved(webhook: Webhook): Promise<Webhook> {
    const saved = await this.store.update(webhook);
    if (!saved) throw new PreconditionFailedError('The webhook changed while this request was applied; read it again and retry.');
    return saved;
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, { httpsOnly: this.config.webhooksHttpsOnly, allowPrivate: this.config.webhooksAllowPrivate });
    if (problem) throw ValidationError.field('url', problem);
  }
}
