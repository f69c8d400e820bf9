import { Injectable } from '@nestjs/common';
import type { RequestContext } from '#common';
import { CampaignsMessages, MessagingClient, type ListRequest, type NextBoundary, type RequestOf } from '#messaging';
import type { CampaignReadModel, Read } from '../../campaigns/application/campaign-read-model.port.js';
import { GatewayConfig } from '../../gateway.config.js';
import { BOUNDARY_KEY, listKey, resourceKey } from './cache-keys.js';
import { ReadCache } from './read-cache.js';
import { boundaryMs, expiryOf } from './time-bounds.js';

/**
 * The campaigns read model through the read cache: each read is kept per tenant until the
 * tenant's next start or end (at most CACHE_MAX_TTL_MS) or the next write, whichever comes
 * first, and a write drops the tenant's entries on every replica before it is answered.
 */
@Injectable()
export class CachedCampaignReads implements CampaignReadModel {
  constructor(
    private readonly client: MessagingClient,
    private readonly cache: ReadCache,
    private readonly config: GatewayConfig,
  ) {}

  campaigns(ctx: RequestContext, request: ListRequest) {
    return this.read(ctx, listKey('campaigns', request), () => this.client.send(CampaignsMessages.listCampaigns, request, ctx));
  }

  /** The campaigns list filtered on `live`: one message and one cache entry with `?status=live`. */
  liveCampaigns(ctx: RequestContext, request: ListRequest) {
    return this.campaigns(ctx, { ...request, status: 'live' });
  }

  campaign(ctx: RequestContext, id: string) {
    return this.read(ctx, resourceKey('campaign', id), () => this.client.send(CampaignsMessages.getCampaign, { id }, ctx));
  }

  campaignEvents(ctx: RequestContext, campaignId: string, request: ListRequest) {
    const withId = { ...request, id: campaignId };
    return this.read(ctx, listKey('campaign.events', withId), () => this.client.send(CampaignsMessages.listCampaignEvents, withId, ctx));
  }

  liveEvents(ctx: RequestContext, request: ListRequest) {
    return this.read(ctx, listKey('events.live', request), () => this.client.send(CampaignsMessages.listLiveEvents, request, ctx));
  }

  event(ctx: RequestContext, id: string) {
    return this.read(ctx, resourceKey('event', id), () => this.client.send(CampaignsMessages.getEvent, { id }, ctx));
  }

  async write<T>(ctx: RequestContext, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } finally {
      // Even a failed write may have committed (a deadline passed after the commit).
      if (ctx.tenant) await this.cache.invalidate(ctx.tenant, ctx.requestId);
    }
  }

  nextBoundary(ctx: RequestContext): Promise<number | null> {
    if (!ctx.tenant) throw new Error('nextBoundary needs a tenant');
    return this.boundary(ctx, ctx.tenant);
  }

  private async read<T>(ctx: RequestContext, key: string, send: () => Promise<T>): Promise<Read<T>> {
    const tenant = ctx.tenant;
    // Not a tenant's reader (the guard lets none through): answered uncached.
    if (!tenant) return { data: await send(), holdsUntil: Date.now(), stale: false };
    const { entry, stale } = await this.cache.read<T>(tenant, key, async () => {
      const boundary = await this.boundary(ctx, tenant);
      const loadedAt = Date.now();
      return { data: await send(), expiresAt: expiryOf(loadedAt, this.config.CACHE_MAX_TTL_MS, boundary) };
    });
    return { data: entry.data, holdsUntil: entry.expiresAt, stale };
  }

  /** The tenant's next start or end (epoch ms, null: none), itself cached under the tenant's generation. */
  private async boundary(ctx: RequestContext, tenant: string): Promise<number | null> {
    const { entry } = await this.cache.read<NextBoundary>(tenant, BOUNDARY_KEY, async () => {
      const next = await this.client.send(CampaignsMessages.nextBoundary, {} as RequestOf<typeof CampaignsMessages.nextBoundary>, ctx);
      // The service's `now`, not ours: nothing starts or ends in [next.now, next.at).
      return { data: next, expiresAt: expiryOf(Date.parse(next.now), this.config.CACHE_MAX_TTL_MS, boundaryMs(next.at)) };
    });
    return boundaryMs(entry.data.at);
  }
}
