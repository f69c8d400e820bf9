import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CampaignEvent } from '../domain/event.js';
import type { Tenant } from '../domain/tenant.js';
import { ListFilter } from './list-query.js';
import { itemState, lockClause, Page, RowLock, ScheduledItemRepository, ScheduledItemRow } from './scheduled-item.repository.js';

interface EventRow extends ScheduledItemRow {
  campaign_id: string;
}

/** Events of one tenant; as for campaigns, the tenant is the first argument of every query. */
@Injectable()
export class EventRepository extends ScheduledItemRepository<CampaignEvent, EventRow> {
  protected readonly table = 'events';
  protected readonly noun = 'event';

  constructor(@InjectDataSource('marketing') dataSource: DataSource) {
    super(dataSource);
  }

  /** All events of a campaign, in order (a reschedule checks them; a delete removes them). */
  async ofCampaign(manager: EntityManager, tenant: Tenant, campaignId: string, options: { lock?: RowLock } = {}): Promise<CampaignEvent[]> {
    const rows: EventRow[] = await manager.query(
      `SELECT * FROM marketing.events WHERE tenant = $1 AND campaign_id = $2 ORDER BY start_date, id${lockClause(options.lock)}`,
      [tenant, campaignId],
    );
    return rows.map((row) => this.fromRow(row));
  }

  async list(tenant: Tenant, filter: ListFilter, scope: { campaignId?: string } = {}): Promise<Page<CampaignEvent>> {
    return this.listPage(tenant, filter, scope);
  }

  async insert(manager: EntityManager, event: CampaignEvent): Promise<void> {
    const s = event.snapshot();
    await manager.query(
      `INSERT INTO marketing.events (id, tenant, campaign_id, name, description, start_date, end_date, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [s.id, s.tenant, s.campaignId, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.createdAt, s.updatedAt],
    );
  }

  async delete(manager: EntityManager, tenant: Tenant, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`DELETE FROM marketing.events WHERE tenant = $1 AND id = ANY($2::uuid[])`, [tenant, ids]);
  }

  protected fromRow(row: EventRow): CampaignEvent {
    return CampaignEvent.restore({ ...itemState(row), campaignId: row.campaign_id });
  }
}
