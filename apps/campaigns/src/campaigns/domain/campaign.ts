import { ConflictError, newId } from '#common';
import { checkDescription, checkName } from './naming.js';
import { Schedule } from './schedule.js';
import type { Tenant } from './tenant.js';

export interface CampaignState {
  id: string;
  tenant: Tenant;
  name: string;
  description: string | null;
  schedule: Schedule;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a reschedule needs to know of the campaign's events: where they lie in time. */
export interface ScheduledEvent {
  id: string;
  schedule: Schedule;
}

export type CampaignChange = 'name' | 'description' | 'schedule';

/**
 * An event campaign: a named period (a Black Friday sale, an opening week) that holds events.
 * Its invariants live here: a valid name and description, end after start, and never a window
 * that leaves one of its events outside.
 */
export class Campaign {
  private readonly changes = new Set<CampaignChange>();

  private constructor(private state: CampaignState) {}

  static create(input: { tenant: Tenant; name: unknown; description?: unknown; schedule: Schedule }, now = new Date()): Campaign {
    return new Campaign({
      id: newId(),
      tenant: input.tenant,
      name: checkName(input.name),
      description: checkDescription(input.description),
      schedule: input.schedule,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }

  static restore(state: CampaignState): Campaign {
    return new Campaign({ ...state });
  }

  get id(): string { return this.state.id; }
  get tenant(): Tenant { return this.state.tenant; }
  get name(): string { return this.state.name; }
  get description(): string | null { return this.state.description; }
  get schedule(): Schedule { return this.state.schedule; }
  get version(): number { return this.state.version; }
  get createdAt(): Date { return this.state.createdAt; }
  get updatedAt(): Date { return this.state.updatedAt; }

  /** What changed since it was created or restored. */
  get changed(): CampaignChange[] {
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
    this.state.schedule = schedule;
    this.changes.add('schedule');
  }

  /** The one new version an edit produces, however many fields it changed. */
  commit(now = new Date()): void {
    this.state.version += 1;
    this.state.updatedAt = now;
  }

  snapshot(): CampaignState {
    return { ...this.state };
  }
}
