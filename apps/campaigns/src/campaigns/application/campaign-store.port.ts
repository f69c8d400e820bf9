import type { Page, Tenant } from '#common';
import type { Transaction } from '#messaging';
import type { Campaign } from '../domain/campaign.js';
import { ScheduledItemStore, type ListFilter } from './scheduled-item-store.port.js';

/** The tenant's campaigns, as the use cases read and write them. */
export abstract class CampaignStore extends ScheduledItemStore<Campaign> {
  abstract list(tenant: Tenant, filter: ListFilter): Promise<Page<Campaign>>;
  abstract delete(tx: Transaction, tenant: Tenant, id: string): Promise<void>;
}
