import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PreconditionFailedError } from '#common';
import { Campaign } from '../domain/campaign.js';
import { Schedule } from '../domain/schedule.js';
import type { Tenant } from '../domain/tenant.js';
import { encodeCursor, Keyset } from './keyset-cursor.js';
import { ListFilter, listSql } from './list-query.js';

export type RowLock = 'update' | 'share';

export interface Page<T> {
  items: T[];
  next: string | null;
}

interface CampaignRow {
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
 * Campaigns of one tenant. Every method takes the tenant first: there is no query of this
 * table that is not scoped to a tenant. Writes take the transaction's manager.
 */
@Injectable()
export class CampaignRepository {
  constructor(@InjectDataSource('marketing') private readonly dataSource: DataSource) {}

  async findById(tenant: Tenant, id: string, options: { manager?: EntityManager; lock?: RowLock } = {}): Promise<Campaign | null> {
    const lock = options.lock === 'update' ? ' FOR UPDATE' : options.lock === 'share' ? ' FOR SHARE' : '';
    const rows: CampaignRow[] = await (options.manager ?? this.dataSource.manager).query(
      `SELECT * FROM marketing.campaigns WHERE tenant = $1 AND id = $2${lock}`,
      [tenant, id],
    );
    return rows[0] ? toCampaign(rows[0]) : null;
  }

  async list(tenant: Tenant, filter: ListFilter): Promise<Page<Campaign>> {
    const { sql, params } = listSql('campaigns', tenant, filter);
    const rows: CampaignRow[] = await this.dataSource.query(sql, params);
    return page(rows.map(toCampaign), filter.limit);
  }

  async insert(manager: EntityManager, campaign: Campaign): Promise<void> {
    const s = campaign.snapshot();
    await manager.query(
      `INSERT INTO marketing.campaigns (id, tenant, name, description, start_date, end_date, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, s.tenant, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.createdAt, s.updatedAt],
    );
  }

  /** Writes a committed edit; only over the version it was read at (optimistic concurrency). */
  async update(manager: EntityManager, campaign: Campaign, readVersion: number): Promise<void> {
    const s = campaign.snapshot();
    const [, affected] = await manager.query(
      `UPDATE marketing.campaigns SET name = $4, description = $5, start_date = $6, end_date = $7, version = $8, updated_at = $9
       WHERE tenant = $1 AND id = $2 AND version = $3`,
      [s.tenant, s.id, readVersion, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.updatedAt],
    );
    if (affected !== 1) throw new PreconditionFailedError('The campaign changed while it was being edited.');
  }

  async delete(manager: EntityManager, tenant: Tenant, id: string): Promise<void> {
    await manager.query(`DELETE FROM marketing.campaigns WHERE tenant = $1 AND id = $2`, [tenant, id]);
  }
}

export function page<T extends { schedule: Schedule; id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next: Keyset | undefined = rows.length > limit && last ? { startDate: last.schedule.start, id: last.id } : undefined;
  return { items, next: next ? encodeCursor(next) : null };
}

function toCampaign(row: CampaignRow): Campaign {
  return Campaign.restore({
    id: row.id,
    tenant: row.tenant as Tenant,
    name: row.name,
    description: row.description,
    schedule: Schedule.of(row.start_date, row.end_date),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
