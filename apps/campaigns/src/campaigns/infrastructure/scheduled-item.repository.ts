import type { DataSource } from 'typeorm';
import { PreconditionFailedError, type Page, type Tenant } from '#common';
import type { Transaction } from '#messaging';
import { encodeCursor } from '../application/keyset-cursor.js';
import type { ListFilter, RowLock } from '../application/scheduled-item-store.port.js';
import { Schedule } from '../domain/schedule.js';
import type { ScheduledItem, ScheduledItemState } from '../domain/scheduled-item.js';
import { listSql } from './list-query.js';

/** The columns `marketing.campaigns` and `marketing.events` share, as `SELECT *` returns them. */
export interface ScheduledItemRow {
  id: string;
  tenant: string;
  name: string;
  description: string | null;
  start_date: Date;
  end_date: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * The queries campaigns and events run alike, on their own table. Every method takes the tenant
 * first (or reads it from the item): there is no query here that is not scoped to a tenant.
 */
export abstract class ScheduledItemRepository<T extends ScheduledItem<ScheduledItemState>, R extends ScheduledItemRow> {
  protected abstract readonly table: 'campaigns' | 'events';
  /** What the 412 of a lost race calls the item. */
  protected abstract readonly noun: string;

  protected constructor(protected readonly dataSource: DataSource) {}

  protected abstract fromRow(row: R): T;

  async findById(tenant: Tenant, id: string, within?: { tx: Transaction; lock?: RowLock }): Promise<T | null> {
    const rows: R[] = await (within?.tx.manager ?? this.dataSource.manager).query(
      `SELECT * FROM marketing.${this.table} WHERE tenant = $1 AND id = $2${lockClause(within?.lock)}`,
      [tenant, id],
    );
    return rows[0] ? this.fromRow(rows[0]) : null;
  }

  async update(tx: Transaction, item: T, readVersion: number): Promise<void> {
    const s = item.snapshot();
    const [, affected] = await tx.manager.query(
      `UPDATE marketing.${this.table} SET name = $4, description = $5, start_date = $6, end_date = $7, version = $8, updated_at = $9
       WHERE tenant = $1 AND id = $2 AND version = $3`,
      [s.tenant, s.id, readVersion, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.updatedAt],
    );
    if (affected !== 1) throw new PreconditionFailedError(`The ${this.noun} changed while it was being edited.`);
  }

  protected async listPage(tenant: Tenant, filter: ListFilter, scope: { campaignId?: string } = {}): Promise<Page<T>> {
    const { sql, params } = listSql(this.table, tenant, filter, scope);
    const rows: R[] = await this.dataSource.query(sql, params);
    return page(rows.map((row) => this.fromRow(row)), filter.limit);
  }
}

export function lockClause(lock?: RowLock): string {
  return lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : '';
}

/** The shared part of a row as domain state; each repository adds its own columns. */
export function itemState(row: ScheduledItemRow): ScheduledItemState {
  return {
    id: row.id,
    tenant: row.tenant as Tenant,
    name: row.name,
    description: row.description,
    schedule: Schedule.of(row.start_date, row.end_date),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Up to `limit + 1` items in list order: the extra one only says that there is a next page. */
function page<T extends { schedule: Schedule; id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ startDate: last.schedule.start, id: last.id }) : null };
}
