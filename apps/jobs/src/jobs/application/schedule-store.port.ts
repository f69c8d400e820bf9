import type { Page, Tenant } from '#common';
import type { Transaction } from '#messaging';
import type { Schedule } from '../domain/schedule.js';

/**
 * Job schedules of one tenant; `due`, `lockDue` and `moveOn` are the scheduler's own (a due
 * schedule is locked in its run's transaction, and skipped by other replicas meanwhile).
 */
export abstract class ScheduleStore {
  /** Inserts the schedule unless its tenant has `max` already (false then), even against concurrent inserts. */
  abstract insertWithin(schedule: Schedule, max: number): Promise<boolean>;
  abstract find(tenant: Tenant, id: string): Promise<Schedule | null>;
  abstract delete(tenant: Tenant, id: string): Promise<boolean>;
  /** The tenant's schedules, newest first. */
  abstract list(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<Page<Schedule>>;
  /** Due schedules, longest due first; not locked (each run takes its own with `lockDue`). */
  abstract due(limit: number): Promise<Schedule[]>;
  /** The schedule as it is now, locked for `tx`, if it is still due and no other replica holds it. */
  abstract lockDue(tx: Transaction, id: string): Promise<Schedule | null>;
  /** Sets the next run of a schedule that is due (a no-op once another transaction moved it on). */
  abstract moveOn(id: string, next: Date, tx?: Transaction): Promise<void>;
}
