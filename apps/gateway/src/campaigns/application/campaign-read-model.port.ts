import type { Page, RequestContext } from '#common';
import type { CampaignData, EventData, ListRequest } from '#messaging';

/** An answer of the read model: the service's data, and how far it can be trusted. */
export interface Read<T> {
  data: T;
  /** Until when (epoch ms) nothing in `data` changes but by a write: the tenant's next start or end, at most. */
  holdsUntil: number;
  /** A copy kept past `holdsUntil`, answered because the campaigns service is unavailable. */
  stale: boolean;
}

/**
 * The campaigns and events as the API reads them. The controllers ask this and never see how
 * answers are kept (read-cache/ implements it with the gateway's read cache). Writes pass
 * through `write`, so that whatever reads this replica or any other answers after a write
 * include it.
 */
export abstract class CampaignReadModel {
  abstract campaigns(ctx: RequestContext, request: ListRequest): Promise<Read<Page<CampaignData>>>;
  abstract liveCampaigns(ctx: RequestContext, request: ListRequest): Promise<Read<Page<CampaignData>>>;
  abstract campaign(ctx: RequestContext, id: string): Promise<Read<CampaignData>>;
  abstract campaignEvents(ctx: RequestContext, campaignId: string, request: ListRequest): Promise<Read<Page<EventData>>>;
  abstract liveEvents(ctx: RequestContext, request: ListRequest): Promise<Read<Page<EventData>>>;
  abstract event(ctx: RequestContext, id: string): Promise<Read<EventData>>;
  /**
   * The tenant's next start or end after now (epoch ms; null: none ever), as the reads above are
   * kept by it: until then the `live` lists change only by a write.
   */
  abstract nextBoundary(ctx: RequestContext): Promise<number | null>;
  /** Runs a write of the tenant's campaigns or events; whatever its outcome, later reads see it. */
  abstract write<T>(ctx: RequestContext, send: () => Promise<T>): Promise<T>;
}
