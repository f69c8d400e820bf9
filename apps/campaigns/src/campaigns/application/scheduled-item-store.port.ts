import type { Tenant } from '#common';
import type { ScheduleStatus, Transaction } from '#messaging';
import type { ScheduledItem, ScheduledItemState } from '../domain/scheduled-item.js';
import type { Keyset } from './keyset-cursor.js';

export type RowLock = 'update' | 'share';

export interface ListFilter {
  status?: ScheduleStatus;
  /** A substring of the name, any case. */
  q?: string;
  limit: number;
  after?: Keyset;
  /** The moment `status` is judged at. */
  now: Date;
}

/**
 * What campaigns and events are both read and written by. Every method takes the tenant first
 * (or reads it from the item), so no store call is unscoped; writes run in the caller's
 * transaction, and a read given one may lock the row.
 */
export abstract class ScheduledItemStore<T extends ScheduledItem<ScheduledItemState>> {
  abstract findById(tenant: Tenant, id: string, within?: { tx: Transaction; lock?: RowLock }): Promise<T | null>;
  abstract insert(tx: Transaction, item: T): Promise<void>;
  /** Writes a committed edit only over the version it was read at (412 when another write came first). */
  abstract update(tx: Transaction, item: T, readVersion: number): Promise<void>;
}
