import { Controller } from '@nestjs/common';
import { CampaignsEvents, ConsumeEvent, type EventEnvelope } from '#messaging';
import { GATEWAY_DATABASE } from '../../gateway.database.js';
import { ReadCache } from '../infrastructure/read-cache.js';

/**
 * The event path of invalidation: every change of a campaign or event, whoever made it, drops
 * the tenant's entries here, in Redis and (by broadcast) on every gateway replica. The replica
 * that took a write through the API has already done so before answering; this catches
 * writes that did not pass through a gateway and any invalidation lost with Redis, and is
 * skipped when this replica's entries are all newer than the change. It never
 * fails (a failed invalidation is retried by the cache itself), so it never dead-letters. It
 * consumes on behalf of the gateway's schema, which holds its inbox and dead letters.
 */
@Controller()
export class CacheInvalidationHandler {
  constructor(private readonly cache: ReadCache) {}

  @ConsumeEvent(Object.values(CampaignsEvents), GATEWAY_DATABASE.schema)
  async onCampaignsChange(event: Partial<EventEnvelope>): Promise<void> {
    if (typeof event?.tenant === 'string') await this.cache.invalidateForEvent(event.tenant, Date.parse(String(event.occurredAt)), typeof event.requestId === 'string' ? event.requestId : undefined);
  }
}
