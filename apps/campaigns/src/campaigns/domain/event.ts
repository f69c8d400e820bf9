import { ConflictError, newId } from '#common';
import type { Campaign } from './campaign.js';
import { checkDescription, checkName } from './naming.js';
import { Schedule } from './schedule.js';
import type { Tenant } from './tenant.js';

export interface EventState {
  id: string;
  tenant: Tenant;
  campaignId: string;
  name: string;
  description: string | null;
  schedule: Schedule;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type EventChange = 'name' | 'description' | 'schedule';

/**
 * One event of a campaign (a concert, a workshop) with its own start and end, always inside its
 * campaign's window. An event never moves to another campaign.
 */
export class CampaignEvent {
  private readonly changes = new Set<EventChange>();

  private constructor(private state: EventState) {}

  static create(
    campaign: Campaign,
    input: { name: unknown; description?: unknown; schedule: Schedule },
    now = new Date(),
  ): CampaignEvent {
    const name = checkName(input.name);
    const description = checkDescription(input.description);
    assertInside(campaign, input.schedule);
    return new CampaignEvent({
      id: newId(),
      tenant: campaign.tenant,
      campaignId: campaign.id,
      name,
      description,
      schedule: input.schedule,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }

  static restore(state: EventState): CampaignEvent {
    return new CampaignEvent({ ...state });
  }

  get id(): string { return this.state.id; }
  get tenant(): Tenant { return this.state.tenant; }
  get campaignId(): string { return this.state.campaignId; }
  get name(): string { return this.state.name; }
  get description(): string | null { return this.state.description; }
  get schedule(): Schedule { return this.state.schedule; }
  get version(): number { return this.state.version; }
  get createdAt(): Date { return this.state.createdAt; }
  get updatedAt(): Date { return this.state.updatedAt; }

  get changed(): EventChange[] {
    return [...this.changes];
  }

  rename(name: unknown): void {
    this.state.name = checkName(name);
    this.changes.add('name');
  }

  describe(description: unknown): void {
    this.state.description = checkDescription(description);
    this.changes.add('description');
  }

  /** Moves the event; it must stay inside its campaign's window (409 otherwise). */
  reschedule(schedule: Schedule, campaign: Campaign): void {
    if (campaign.id !== this.state.campaignId) throw new Error('an event is rescheduled against its own campaign');
    assertInside(campaign, schedule);
    this.state.schedule = schedule;
    this.changes.add('schedule');
  }

  commit(now = new Date()): void {
    this.state.version += 1;
    this.state.updatedAt = now;
  }

  snapshot(): EventState {
    return { ...this.state };
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
