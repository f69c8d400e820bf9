import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext, requireUuid } from '#common';
import { CampaignsEvents, UnitOfWork, type Precondition } from '#messaging';
import { CampaignStore } from './campaign-store.port.js';
import { EventStore } from './event-store.port.js';
import { checkPrecondition } from './inputs.js';

/**
 * Deletes a campaign and its events. The events are removed here, not only by the foreign
 * key's cascade, so that each raises its own `event.deleted` (consumers such as caches and
 * reports keyed by event id hear of each). A deletion's aggregateVersion is the last version
 * plus one, so it orders after every update of the same aggregate.
 */
@Injectable()
export class DeleteCampaign {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignStore,
    private readonly events: EventStore,
  ) {}

  async execute(ctx: RequestContext, input: Precondition & { id: string }): Promise<{ deleted: true }> {
    const tenant = tenantOf(ctx);
    const id = requireUuid(input.id);
    return this.uow.run(ctx, async (tx) => {
      const campaign = await this.campaigns.findById(tenant, id, { tx, lock: 'update' });
      if (!campaign) throw new NotFoundError('Campaign', id);
      checkPrecondition(campaign.version, input.expectedVersions);
      const events = await this.events.ofCampaign(tx, tenant, id, 'update');
      await this.events.delete(tx, tenant, events.map((e) => e.id));
      await this.campaigns.delete(tx, tenant, id);
      for (const event of events) {
        await tx.publish({
          type: CampaignsEvents.eventDeleted,
          aggregateId: event.id,
          aggregateVersion: event.version + 1,
          payload: { id: event.id, campaignEventId: id, reason: 'campaign.deleted' },
        });
      }
      await tx.publish({
        type: CampaignsEvents.campaignDeleted,
        aggregateId: id,
        aggregateVersion: campaign.version + 1,
        payload: { id, eventIds: events.map((e) => e.id) },
      });
      return { deleted: true as const };
    });
  }
}
