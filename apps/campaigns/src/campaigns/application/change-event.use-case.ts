import { Injectable } from '@nestjs/common';
import { NotFoundError, type RequestContext } from '#common';
import { CampaignsEvents, UnitOfWork, type ChangeRequest, type EventData } from '#messaging';
import type { CampaignEvent } from '../domain/event.js';
import { tenantOf, type Tenant } from '../domain/tenant.js';
import { CampaignRepository } from '../infrastructure/campaign.repository.js';
import { EventRepository } from '../infrastructure/event.repository.js';
import type { Transaction } from '#messaging';
import { DescribeEvent } from './describe-event.use-case.js';
import { checkPrecondition, requireId, requireSomeChange } from './inputs.js';
import { RenameEvent } from './rename-event.use-case.js';
import { RescheduleEvent } from './reschedule-event.use-case.js';
import { eventData } from './views.js';
import type { Campaign } from '../domain/campaign.js';

/**
 * A PATCH of an event: rename, describe and reschedule in one transaction, one new version, one
 * `event.updated`. Locks are always taken campaign first (share), then event (update), the same
 * order a campaign's delete uses, so the two never deadlock.
 */
@Injectable()
export class ChangeEvent {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly events: EventRepository,
    private readonly rename: RenameEvent,
    private readonly describe: DescribeEvent,
    private readonly reschedule: RescheduleEvent,
  ) {}

  async execute(ctx: RequestContext, input: ChangeRequest): Promise<EventData> {
    const tenant = tenantOf(ctx);
    const id = requireId(input.id);
    requireSomeChange(input);
    return this.uow.run(ctx, async (tx) => {
      const { event, campaign } = await lockEvent(tx, tenant, id, this.campaigns, this.events);
      checkPrecondition(event.version, input.expectedVersions);
      const readVersion = event.version;
      if (input.rename) this.rename.apply(event, input.rename);
      if (input.describe) this.describe.apply(event, input.describe);
      if (input.reschedule) this.reschedule.apply(event, campaign, input.reschedule);
      event.commit();
      await this.events.update(tx.manager, event, readVersion);
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
  campaigns: CampaignRepository,
  events: EventRepository,
): Promise<{ event: CampaignEvent; campaign: Campaign }> {
  const found = await events.findById(tenant, id, { manager: tx.manager });
  if (!found) throw new NotFoundError('Event', id);
  // An event never changes campaign, so the campaign id read without a lock stays right.
  const campaign = await campaigns.findById(tenant, found.campaignId, { manager: tx.manager, lock: 'share' });
  const event = campaign ? await events.findById(tenant, id, { manager: tx.manager, lock: 'update' }) : null;
  if (!campaign || !event) throw new NotFoundError('Event', id);
  return { event, campaign };
}
