import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PreconditionFailedError } from '#common';
import { CampaignEvent } from '../domain/event.js';
import { Schedule } from '../domain/schedule.js';
import type { Tenant } from '../domain/tenant.js';
import { page, Page, RowLock } from './campaign.repository.js';
import { ListFilter, listSql } from './list-query.js';

interface EventRow {
  id: string;
  tenant: string;
  campaign_id: string;
  name: string;
  description: string | null;
  start_date: Date;
  end_date: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** Events of one tenant; as for campaigns, the tenant is the first argument of every query. */
@Injectable()
export class EventRepository {
  constructor(@InjectDataSource('marketing') private readonly dataSource: DataSource) {}

  async findById(tenant: Tenant, id: string, options: { manager?: EntityManager; lock?: RowLock } = {}): Promise<CampaignEvent | null> {
    const lock = options.lock === 'update' ? ' FOR UPDATE' : options.lock === 'share' ? ' FOR SHARE' : '';
    const rows: EventRow[] = await (options.manager ?? this.dataSource.manager).query(
      `SELECT * FROM marketing.events WHERE tenant = $1 AND id = $2${lock}`,
      [tenant, id],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  /** All events of a campaign, in order (a reschedule checks them; a delete removes them). */
  async ofCampaign(manager: EntityManager, tenant: Tenant, campaignId: string, options: { lock?: RowLock } = {}): Promise<CampaignEvent[]> {
    const lock = options.lock === 'update' ? ' FOR UPDATE' : options.lock === 'share' ? ' FOR SHARE' : '';
    const rows: EventRow[] = await manager.query(
      `SELECT * FROM marketing.events WHERE tenant = $1 AND campaign_id = $2 ORDER BY start_date, id${lock}`,
      [tenant, campaignId],
    );
    return rows.map(toEvent);
  }

  async list(tenant: Tenant, filter: ListFilter, scope: { campaignId?: string } = {}): Promise<Page<CampaignEvent>> {
    const { sql, params } = listSql('events', tenant, filter, scope);
    const rows: EventRow[] = await this.dataSource.query(sql, params);
    return page(rows.map(toEvent), filter.limit);
  }

  async insert(manager: EntityManager, event: CampaignEvent): Promise<void> {
    const s = event.snapshot();
    await manager.query(
      `INSERT INTO marketing.events (id, tenant, campaign_id, name, description, start_date, end_date, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [s.id, s.tenant, s.campaignId, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.createdAt, s.updatedAt],
    );
  }

  async update(manager: EntityManager, event: CampaignEvent, readVersion: number): Promise<void> {
    const s = event.snapshot();
    const [, affected] = await manager.query(
      `UPDATE marketing.events SET name = $4, description = $5, start_date = $6, end_date = $7, version = $8, updated_at = $9
       WHERE tenant = $1 AND id = $2 AND version = $3`,
      [s.tenant, s.id, readVersion, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.updatedAt],
    );
    if (affected !== 1) throw new PreconditionFailedError('The event changed while it was being edited.');
  }

  async delete(manager: EntityManager, tenant: Tenant, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`DELETE FROM marketing.events WHERE tenant = $1 AND id = ANY($2::uuid[])`, [tenant, ids]);
  }
}

function toEvent(row: EventRow): CampaignEvent {
  return CampaignEvent.restore({
    id: row.id,
    tenant: row.tenant as Tenant,
    campaignId: row.campaign_id,
    name: row.name,
    description: row.description,
    schedule: Schedule.of(row.start_date, row.end_date),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
