import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext, type Tenant, requireUuid } from '#common';
import { CampaignsEvents, UnitOfWork, type ChangeRequest, type EventData, type Transaction } from '#messaging';
import type { Campaign } from '../domain/campaign.js';
import type { CampaignEvent } from '../domain/event.js';
import { CampaignStore } from './campaign-store.port.js';
import { EventStore } from './event-store.port.js';
import { checkPrecondition, requireSomeChange } from './inputs.js';
import { eventData } from './views.js';

/**
 * A PATCH of an event: rename, describe and reschedule (inside its campaign's window, 409
 * otherwise) in one transaction, one new version, one `event.updated`. Locks are always taken
 * campaign first (share), then event (update), the same order a campaign's delete uses, so the
 * two never deadlock.
 */
@Injectable()
export class ChangeEvent {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignStore,
    private readonly events: EventStore,
  ) {}

  async execute(ctx: RequestContext, input: ChangeRequest): Promise<EventData> {
    const tenant = tenantOf(ctx);
    const id = requireUuid(input.id);
    requireSomeChange(input);
    return this.uow.run(ctx, async (tx) => {
      const { event, campaign } = await lockEvent(tx, tenant, id, this.campaigns, this.events);
      checkPrecondition(event.version, input.expectedVersions);
      const readVersion = event.version;
      if (input.rename) event.rename(input.rename.name);
      if (input.describe) event.describe(input.describe.description);
      if (input.reschedule) event.reschedule(event.schedule.with(input.reschedule), campaign);
      event.commit();
      await this.events.update(tx, event, readVersion);
      const data = eventData(event);
      await tx.publish({
        type: CampaignsEvents.eventUpdated,
        aggregateId: event.id,
        aggregateVersion: event.version,
        payload: { ...data, changed: event.changed },
      });
      return data;
    });
  }
}

/** Locks an event's campaign (share) and then the event (update); 404 when either is gone. */
export async function lockEvent(
  tx: Transaction,
  tenant: Tenant,
  id: string,
  campaigns: CampaignStore,
  events: EventStore,
): Promise<{ event: CampaignEvent; campaign: Campaign }> {
  const found = await events.findById(tenant, id, { tx });
  if (!found) throw new NotFoundError('Event', id);
  // An event never changes campaign, so the campaign id read without a lock stays right.
  const campaign = await campaigns.findById(tenant, found.campaignId, { tx, lock: 'share' });
  const event = campaign ? await events.findById(tenant, id, { tx, lock: 'update' }) : null;
  if (!campaign || !event) throw new NotFoundError('Event', id);
  return { event, campaign };
}
