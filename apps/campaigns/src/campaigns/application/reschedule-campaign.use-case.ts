import { Injectable } from '@nestjs/common';
import type { Transaction } from '#messaging';
import type { Campaign } from '../domain/campaign.js';
import { EventRepository } from '../infrastructure/event.repository.js';

/**
 * Reschedule: move either or both bounds. Refused (409 EVENTS_OUTSIDE_CAMPAIGN, naming them)
 * when an event of the campaign would lie outside the new window. The caller holds the
 * campaign's row lock; event writes take a share lock on their campaign first, so no event
 * can be created or moved between this check and the commit.
 */
@Injectable()
export class RescheduleCampaign {
  constructor(private readonly events: EventRepository) {}

  async apply(tx: Transaction, campaign: Campaign, input: { startDate?: string; endDate?: string }): Promise<void> {
    const schedule = campaign.schedule.with(input);
    const events = await this.events.ofCampaign(tx.manager, campaign.tenant, campaign.id);
    campaign.reschedule(schedule, events);
  }
}
