import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext, requireUuid } from '#common';
import { CampaignsEvents, UnitOfWork, type CreateEventRequest, type EventData } from '#messaging';
import { CampaignEvent } from '../domain/event.js';
import { Schedule } from '../domain/schedule.js';
import { CampaignStore } from './campaign-store.port.js';
import { EventStore } from './event-store.port.js';
import { eventData } from './views.js';

/**
 * Adds an event to a campaign: 404 when the tenant has no such campaign, 409
 * EVENT_OUTSIDE_CAMPAIGN when it does not fit the window. The campaign is read `FOR SHARE`, so
 * a concurrent reschedule or delete of the campaign waits for this one (and then sees it).
 */
@Injectable()
export class CreateEvent {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignStore,
    private readonly events: EventStore,
  ) {}

  async execute(ctx: RequestContext, input: CreateEventRequest): Promise<EventData> {
    const tenant = tenantOf(ctx);
    const campaignId = requireUuid(input.campaignEventId, 'campaignEventId');
    const schedule = Schedule.parse(input.startDate, input.endDate);
    return this.uow.run(ctx, async (tx) => {
      const campaign = await this.campaigns.findById(tenant, campaignId, { tx, lock: 'share' });
      if (!campaign) throw new NotFoundError('Campaign', campaignId);
      const event = CampaignEvent.create(campaign, { name: input.name, description: input.description, schedule });
      await this.events.insert(tx, event);
      const data = eventData(event);
      await tx.publish({ type: CampaignsEvents.eventCreated, aggregateId: event.id, aggregateVersion: event.version, payload: data });
      return data;
    });
  }
}
