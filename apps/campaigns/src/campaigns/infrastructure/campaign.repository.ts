import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Page, Tenant } from '#common';
import type { Transaction } from '#messaging';
import { CampaignStore } from '../application/campaign-store.port.js';
import type { ListFilter } from '../application/scheduled-item-store.port.js';
import { Campaign } from '../domain/campaign.js';
import { itemState, ScheduledItemRepository, ScheduledItemRow } from './scheduled-item.repository.js';

/**
 * Campaigns of one tenant. Every method takes the tenant first: there is no query of this
 * table that is not scoped to a tenant. Writes run in the use case's transaction.
 */
@Injectable()
export class CampaignRepository extends ScheduledItemRepository<Campaign, ScheduledItemRow> implements CampaignStore {
  protected readonly table = 'campaigns';
  protected readonly noun = 'campaign';

  constructor(@InjectDataSource('marketing') dataSource: DataSource) {
    super(dataSource);
  }

  async list(tenant: Tenant, filter: ListFilter): Promise<Page<Campaign>> {
    return this.listPage(tenant, filter);
  }

  async insert(tx: Transaction, campaign: Campaign): Promise<void> {
    const s = campaign.snapshot();
    await tx.manager.query(
      `INSERT INTO marketing.campaigns (id, tenant, name, description, start_date, end_date, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, s.tenant, s.name, s.description, s.schedule.start, s.schedule.end, s.version, s.createdAt, s.updatedAt],
    );
  }

  async delete(tx: Transaction, tenant: Tenant, id: string): Promise<void> {
    await tx.manager.query(`DELETE FROM marketing.campaigns WHERE tenant = $1 AND id = $2`, [tenant, id]);
  }

  protected fromRow(row: ScheduledItemRow): Campaign {
    return Campaign.restore(itemState(row));
  }
}
