import { Controller } from '@nestjs/common';
import { CampaignsEvents, ConsumeEvent, type EventEnvelope } from '#messaging';
import { ReadCache } from './read-cache.js';

/** The gateway's consumer name: its schema, which holds its inbox and dead letters. */
const CONSUMER = 'identity';

/**
 * The event path of invalidation: every change of a campaign or event, whoever made it, drops
 * the tenant's entries here, in Redis and (by broadcast) on every gateway replica. The replica
 * that took a write through the API has already done so before answering; this catches
 * writes that did not pass through a gateway and any invalidation lost with Redis, and is
 * skipped when this replica's entries are all newer than the change. It never
 * fails (a failed invalidation is retried by the cache itself), so it never dead-letters.
 */
@Controller()
export class CacheInvalidationHandler {
  constructor(private readonly cache: ReadCache) {}

  @ConsumeEvent(CampaignsEvents.campaignCreated, CONSUMER)
  onCampaignCreated(event: Partial<EventEnvelope>): Promise<void> {
    return this.drop(event);
  }

  @ConsumeEvent(CampaignsEvents.campaignUpdated, CONSUMER)
  onCampaignUpdated(event: Partial<EventEnvelope>): Promise<void> {
    return this.drop(event);
  }

  @ConsumeEvent(CampaignsEvents.campaignDeleted, CONSUMER)
  onCampaignDeleted(event: Partial<EventEnvelope>): Promise<void> {
    return this.drop(event);
  }

  @ConsumeEvent(CampaignsEvents.eventCreated, CONSUMER)
  onEventCreated(event: Partial<EventEnvelope>): Promise<void> {
    return this.drop(event);
  }

  @ConsumeEvent(CampaignsEvents.eventUpdated, CONSUMER)
  onEventUpdated(event: Partial<EventEnvelope>): Promise<void> {
    return this.drop(event);
  }

  @ConsumeEvent(CampaignsEvents.eventDeleted, CONSUMER)
  onEventDeleted(event: Partial<EventEnvelope>): Promise<void> {
    return this.drop(event);
  }

  private async drop(event: Partial<EventEnvelope>): Promise<void> {
    if (typeof event?.tenant === 'string') await this.cache.invalidateForEvent(event.tenant, Date.parse(String(event.occurredAt)));
  }
}
