import { newId, type Tenant } from '#common';
import { checkDescription, checkName } from './naming.js';
import { Schedule } from './schedule.js';

/** What campaigns and events both hold: a tenant's named, described, scheduled, versioned item. */
export interface ScheduledItemState {
  id: string;
  tenant: Tenant;
  name: string;
  description: string | null;
  schedule: Schedule;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type ScheduledItemChange = 'name' | 'description' | 'schedule';

/**
 * The state of a new item at version 1. Name and description are checked here, first, so a
 * bad name is reported before any window rule of the subclass.
 */
export function newItemState(
  input: { tenant: Tenant; name: unknown; description?: unknown; schedule: Schedule },
  now: Date,
): ScheduledItemState {
  return {
    id: newId(),
    tenant: input.tenant,
    name: checkName(input.name),
    description: checkDescription(input.description),
    schedule: input.schedule,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The part campaigns and events share: the name and description rules, the record of what
 * changed and the one-version-per-edit commit. Rescheduling stays with each subclass, because
 * their window rules differ; they record it through `moveTo`.
 */
export abstract class ScheduledItem<S extends ScheduledItemState> {
  private readonly changes = new Set<ScheduledItemChange>();

  protected constructor(protected readonly state: S) {}

  get id(): string { return this.state.id; }
  get tenant(): Tenant { return this.state.tenant; }
  get name(): string { return this.state.name; }
  get description(): string | null { return this.state.description; }
  get schedule(): Schedule { return this.state.schedule; }
  get version(): number { return this.state.version; }
  get createdAt(): Date { return this.state.createdAt; }
  get updatedAt(): Date { return this.state.updatedAt; }

  /** What changed since it was created or restored. */
  get changed(): ScheduledItemChange[] {
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

  /** The one new version an edit produces, however many fields it changed. */
  commit(now = new Date()): void {
    this.state.version += 1;
    this.state.updatedAt = now;
  }

  snapshot(): S {
    return { ...this.state };
  }

  /** Only after the subclass has checked its window rule. */
  protected moveTo(schedule: Schedule): void {
    this.state.schedule = schedule;
    this.changes.add('schedule');
  }
}
