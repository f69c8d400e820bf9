import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Page, Tenant } from '#common';
import type { Transaction } from '#messaging';
import { EventStore } from '../application/event-store.port.js';
import type { ListFilter, RowLock } from '../application/scheduled-item-store.port.js';
import { CampaignEvent } from '../domain/event.js';
import { itemState, lockClause, ScheduledItemRepository, ScheduledItemRow } from './scheduled-item.repository.js';

interface EventRow extends ScheduledItemRow {
  campaign_id: string;
}

/** Events of one tenant; as for campaigns, the tenant is the first argument of every query. */
@Injectable()
export class EventRepository extends ScheduledItemRepository<CampaignEvent, EventRow> implements EventStore {
  protected readonly table = 'events';
  protected readonly noun = 'event';

  constructor(@InjectDataSource('marketing') dataSource: DataSource) {
    super(dataSource);
  }

  async ofCampaign(tx: Transaction, tenant: Tenant, campaignId: string, lock?: RowLock): Promise<CampaignEvent[]> {
    const rows: EventRow[] = await tx.manager.query(
      `SELECT * FROM marketing.events WHERE tenant = $1 AND campaign_id = $2 ORDER BY start_date, id${lockClause(lock)}`,
      [tenant, campaignId],
    );
    return rows.map((row) => this.fromRow(row));
  }

  async list(tenant: Tenant, filter: ListFilter, scope: { campaignId?: string } = {}): Promise<Page<CampaignEvent>> {
    return this.listPage(tenant, filter, scope);
  }

  async insert(tx: Transaction, event: CampaignEvent): Promise<void> {
    const s = event.snapshot();
    await tx.manager.query(
      `INSERT INTO marketing.events (id, tenant, campaign_id, name, description, start_date, end_date, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [s.id, s.tenant, s.campaignId, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.createdAt, s.updatedAt],
    );
  }

  async delete(tx: Transaction, tenant: Tenant, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.manager.query(`DELETE FROM marketing.events WHERE tenant = $1 AND id = ANY($2::uuid[])`, [tenant, ids]);
  }

  protected fromRow(row: EventRow): CampaignEvent {
    return CampaignEvent.restore({ ...itemState(row), campaignId: row.campaign_id });
  }
}
