import { ConflictError } from '#common';
import type { Campaign } from './campaign.js';
import { Schedule } from './schedule.js';
import { newItemState, ScheduledItem, type ScheduledItemChange, type ScheduledItemState } from './scheduled-item.js';

export interface EventState extends ScheduledItemState {
  campaignId: string;
}

export type EventChange = ScheduledItemChange;

/**
 * One event of a campaign (a concert, a workshop) with its own start and end, always inside its
 * campaign's window. An event never moves to another campaign.
 */
export class CampaignEvent extends ScheduledItem<EventState> {
  private constructor(state: EventState) {
    super(state);
  }

  static create(
    campaign: Campaign,
    input: { name: unknown; description?: unknown; schedule: Schedule },
    now = new Date(),
  ): CampaignEvent {
    const state = newItemState({ ...input, tenant: campaign.tenant }, now);
    assertInside(campaign, input.schedule);
    return new CampaignEvent({ ...state, campaignId: campaign.id });
  }

  static restore(state: EventState): CampaignEvent {
    return new CampaignEvent({ ...state });
  }

  get campaignId(): string { return this.state.campaignId; }

  /** Moves the event; it must stay inside its campaign's window (409 otherwise). */
  reschedule(schedule: Schedule, campaign: Campaign): void {
    if (campaign.id !== this.state.campaignId) throw new Error('an event is rescheduled against its own campaign');
    assertInside(campaign, schedule);
    this.moveTo(schedule);
  }
}

function assertInside(campaign: Campaign, schedule: Schedule): void {
  if (!campaign.schedule.contains(schedule)) {
    throw new ConflictError(
      'EVENT_OUTSIDE_CAMPAIGN',
      `The event must lie inside its campaign's window, ${campaign.schedule.start.toISOString()} to ${campaign.schedule.end.toISOString()}.`,
      {
        campaignEventId: campaign.id,
        campaignStartDate: campaign.schedule.start.toISOString(),
        campaignEndDate: campaign.schedule.end.toISOString(),
      },
    );
  }
}
