import { Controller } from '@nestjs/common';
import { CampaignsEvents, ConsumeEvent, type EventEnvelope } from '#messaging';
import { GATEWAY_DATABASE } from '../../gateway.database.js';
import { ReadCache } from '../../read-cache/infrastructure/read-cache.js';
import { changeMessageOf } from '../domain/push-message.js';
import { PushLog } from '../infrastructure/push-log.js';

/**
 * The event path of every change of a campaign or event, whoever made it, in this order:
 * 1. the read cache drops the tenant's entries, in Redis and (by broadcast, confirmed) on every
 *    gateway replica. The replica that took a write through the API has already done so before
 *    answering; this catches writes that did not pass through a gateway and any invalidation
 *    lost with Redis, and is skipped when it is already done (see ReadCache.invalidateForEvent);
 * 2. then the change is appended to the push log, once per event (a redelivered event is not
 *    announced twice), so a client that reads on receipt reads the new state on any replica.
 * An append that fails (Redis away) fails the handler, which is retried: a change is announced
 * at least once. It consumes on behalf of the gateway's schema (inbox, dead letters), so one
 * gateway replica handles each event.
 */
@Controller()
export class CampaignChangesHandler {
  constructor(
    private readonly cache: ReadCache,
    private readonly log: PushLog,
  ) {}

  @ConsumeEvent(Object.values(CampaignsEvents), GATEWAY_DATABASE.schema)
  async onCampaignsChange(event: Partial<EventEnvelope>): Promise<void> {
    if (typeof event?.tenant !== 'string') return;
    await this.cache.invalidateForEvent(event.tenant, Date.parse(String(event.occurredAt)), typeof event.requestId === 'string' ? event.requestId : undefined);
    const message = changeMessageOf(event);
    if (message && typeof event.id === 'string') await this.log.append(event.tenant, message, `event:${event.id}`);
  }
}
