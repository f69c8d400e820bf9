import { Injectable } from '@nestjs/common';
import type { Campaign } from '../domain/campaign.js';
import type { CampaignEvent } from '../domain/event.js';

/** Move an event: either bound or both; it must stay inside its campaign's window (409). */
@Injectable()
export class RescheduleEvent {
  apply(event: CampaignEvent, campaign: Campaign, input: { startDate?: string; endDate?: string }): void {
    event.reschedule(event.schedule.with(input), campaign);
  }
}
