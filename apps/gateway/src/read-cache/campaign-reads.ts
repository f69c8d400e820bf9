import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '#common';
import {
  CampaignsMessages,
  MessagingClient,
  type CampaignData,
  type EventData,
  type ListRequest,
  type NextBoundary,
  type PageData,
  type RequestOf,
} from '#messaging';
import { campaignView, etagOf, eventView, pageView } from '../campaigns/http-resource.js';
import { BOUNDARY_KEY, listKey, resourceKey, type CachedRoute } from './cache-keys.js';
import { ReadCache } from './read-cache.js';
import { boundaryMs, cacheControl, expiryOf, maxAgeSeconds, noneMatch } from './time-bounds.js';
import type { CacheEntry } from './two-level-cache.js';

/** An answer rendered from cached data: its body (JSON text) and strong ETag. */
interface Rendered {
  body: string;
  etag: string;
}

type ListPattern =
  | typeof CampaignsMessages.listCampaigns
  | typeof CampaignsMessages.listLiveCampaigns
  | typeof CampaignsMessages.listCampaignEvents
  | typeof CampaignsMessages.listLiveEvents;

const JSON_TYPE = 'application/json; charset=utf-8';
const VARY = 'Authorization, X-Api-Key';
export const STALE_WARNING = '110 - "Response is Stale"';

/**
 * The campaigns and events reads of the gateway, through the read cache, and their HTTP
 * caching: a strong ETag (`"id:version:status"` for one resource, a hash of the body for a
 * list), `Cache-Control: private, max-age=N` with N never past the tenant's next start or end,
 * `Vary: Authorization, X-Api-Key`, and 304 for a matching `If-None-Match`.
 *
 * The cache holds the service's data; `status`, the body and the ETag are rendered from it when
 * first answered, and kept with the entry, which is right because an entry never outlives the
 * tenant's next boundary (no status can change while it lives). A stale answer (origin down)
 * is rendered again at the moment of the answer, and says so with `Warning: 110`.
 */
@Injectable()
export class CampaignReads {
  constructor(
    private readonly client: MessagingClient,
    private readonly cache: ReadCache,
  ) {}

  listCampaigns(ctx: RequestContext, reply: FastifyReply, inm: string | undefined, route: CachedRoute, pattern: ListPattern, request: ListRequest & { id?: string }) {
    return this.answer(ctx, reply, inm, listKey(route, request), () => this.client.send(pattern, request as never, ctx) as Promise<PageData<CampaignData | EventData>>, renderPage(route));
  }

  campaign(ctx: RequestContext, reply: FastifyReply, inm: string | undefined, id: string) {
    return this.answer(ctx, reply, inm, resourceKey('campaign', id), () => this.client.send(CampaignsMessages.getCampaign, { id }, ctx), renderCampaign);
  }

  event(ctx: RequestContext, reply: FastifyReply, inm: string | undefined, id: string) {
    return this.answer(ctx, reply, inm, resourceKey('event', id), () => this.client.send(CampaignsMessages.getEvent, { id }, ctx), renderEvent);
  }

  /** A write of campaigns or events: whatever its outcome, the tenant's cache is dropped before the answer. */
  async write<T>(ctx: RequestContext, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } finally {
      // Even a failed write may have committed (a deadline passed after the commit).
      if (ctx.tenant) await this.cache.invalidate(ctx.tenant);
    }
  }

  private async answer<T>(
    ctx: RequestContext,
    reply: FastifyReply,
    inm: string | undefined,
    key: string,
    send: () => Promise<T>,
    render: (data: T, now: number) => Rendered,
  ): Promise<string | undefined> {
    const tenant = ctx.tenant;
    if (!tenant) {
      // Not a tenant's reader (the guard lets none through); answered uncached, as before.
      return this.send(reply, inm, render(await send(), Date.now()), Date.now());
    }
    const { entry, stale } = await this.cache.read<T>(tenant, key, async () => {
      const boundary = await this.boundary(ctx, tenant);
      const loadedAt = Date.now();
      return { data: await send(), expiresAt: expiryOf(loadedAt, this.cache.config.CACHE_MAX_TTL_MS, boundary) };
    });
    const now = Date.now();
    if (stale) {
      void reply.header('warning', STALE_WARNING);
      return this.send(reply, inm, render(entry.data, now), now);
    }
    return this.send(reply, inm, rendered(entry, render, now), entry.expiresAt);
  }

  private send(reply: FastifyReply, inm: string | undefined, answer: Rendered, expiresAt: number): string | undefined {
    void reply
      .header('etag', answer.etag)
      .header('cache-control', cacheControl(maxAgeSeconds(Date.now(), expiresAt, this.cache.config.CACHE_HTTP_MAX_AGE_S)))
      .header('vary', VARY);
    if (noneMatch(inm, answer.etag)) {
      void reply.status(304);
      return undefined;
    }
    void reply.header('content-type', JSON_TYPE);
    return answer.body;
  }

  /** The tenant's next start or end (epoch ms, null: none), itself cached under the tenant's generation. */
  private async boundary(ctx: RequestContext, tenant: string): Promise<number | null> {
    const { entry } = await this.cache.read<NextBoundary>(tenant, BOUNDARY_KEY, async () => {
      const next = await this.client.send(CampaignsMessages.nextBoundary, {} as RequestOf<typeof CampaignsMessages.nextBoundary>, ctx);
      // The service's `now`, not ours: nothing starts or ends in [next.now, next.at).
      return { data: next, expiresAt: expiryOf(Date.parse(next.now), this.cache.config.CACHE_MAX_TTL_MS, boundaryMs(next.at)) };
    });
    return boundaryMs(entry.data.at);
  }
}

function rendered<T>(entry: CacheEntry<T>, render: (data: T, now: number) => Rendered, now: number): Rendered {
  return (entry.rendered ??= render(entry.data, now)) as Rendered;
}

function renderCampaign(data: CampaignData, now: number): Rendered {
  const view = campaignView(data, now);
  return { body: JSON.stringify(view), etag: etagOf(view) };
}

function renderEvent(data: EventData, now: number): Rendered {
  const view = eventView(data, now);
  return { body: JSON.stringify(view), etag: etagOf(view) };
}

/** A list's strong ETag: a hash of exactly the bytes answered. */
export function bodyTag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function renderPage(route: CachedRoute): (page: PageData<CampaignData | EventData>, now: number) => Rendered {
  const view = route === 'campaign.events' || route === 'events.live' ? eventView : campaignView;
  return (page, now) => {
    const body = JSON.stringify(pageView(page as PageData<EventData>, (item) => view(item as EventData, now)));
    return { body, etag: bodyTag(body) };
  };
}

