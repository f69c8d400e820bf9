import { ConflictError, type Tenant } from '#common';
import { Schedule } from './schedule.js';
import { newItemState, ScheduledItem, type ScheduledItemChange, type ScheduledItemState } from './scheduled-item.js';

export type CampaignState = ScheduledItemState;

/** What a reschedule needs to know of the campaign's events: where they lie in time. */
export interface ScheduledEvent {
  id: string;
  schedule: Schedule;
}

export type CampaignChange = ScheduledItemChange;

/**
 * An event campaign: a named period (a Black Friday sale, an opening week) that holds events.
 * Its invariants live here and in ScheduledItem: a valid name and description, end after start,
 * and never a window that leaves one of its events outside.
 */
export class Campaign extends ScheduledItem<CampaignState> {
  private constructor(state: CampaignState) {
    super(state);
  }

  static create(input: { tenant: Tenant; name: unknown; description?: unknown; schedule: Schedule }, now = new Date()): Campaign {
    return new Campaign(newItemState(input, now));
  }

  static restore(state: CampaignState): Campaign {
    return new Campaign({ ...state });
  }

  /** Moves the window; refused (409, naming them) when any of its events would lie outside it. */
  reschedule(schedule: Schedule, events: ScheduledEvent[]): void {
    const outside = events.filter((event) => !schedule.contains(event.schedule));
    if (outside.length > 0) {
      throw new ConflictError(
        'EVENTS_OUTSIDE_CAMPAIGN',
        `The new window would leave ${outside.length} event(s) outside the campaign: ${outside.map((e) => e.id).join(', ')}.`,
        { eventIds: outside.map((e) => e.id) },
      );
    }
    this.moveTo(schedule);
  }
}
