import { Injectable } from '@nestjs/common';
import { tenantOf, type RequestContext, requireUuid } from '#common';
import { CampaignsEvents, UnitOfWork, type Precondition } from '#messaging';
import { CampaignStore } from './campaign-store.port.js';
import { lockEvent } from './change-event.use-case.js';
import { EventStore } from './event-store.port.js';
import { checkPrecondition } from './inputs.js';

@Injectable()
export class DeleteEvent {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignStore,
    private readonly events: EventStore,
  ) {}

  async execute(ctx: RequestContext, input: Precondition & { id: string }): Promise<{ deleted: true }> {
    const tenant = tenantOf(ctx);
    const id = requireUuid(input.id);
    return this.uow.run(ctx, async (tx) => {
      const { event } = await lockEvent(tx, tenant, id, this.campaigns, this.events);
      checkPrecondition(event.version, input.expectedVersions);
      await this.events.delete(tx, tenant, [id]);
      await tx.publish({
        type: CampaignsEvents.eventDeleted,
        aggregateId: id,
        aggregateVersion: event.version + 1,
        payload: { id, campaignEventId: event.campaignId, reason: 'event.deleted' },
      });
      return { deleted: true as const };
    });
  }
}
