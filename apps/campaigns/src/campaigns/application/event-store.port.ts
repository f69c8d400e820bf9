import type { Page, Tenant } from '#common';
import type { Transaction } from '#messaging';
import type { CampaignEvent } from '../domain/event.js';
import { ScheduledItemStore, type ListFilter, type RowLock } from './scheduled-item-store.port.js';

/** The tenant's events, across its campaigns or of one of them. */
export abstract class EventStore extends ScheduledItemStore<CampaignEvent> {
  abstract list(tenant: Tenant, filter: ListFilter, scope?: { campaignId?: string }): Promise<Page<CampaignEvent>>;
  /** All events of a campaign, in order (a reschedule checks them; a delete removes them). */
  abstract ofCampaign(tx: Transaction, tenant: Tenant, campaignId: string, lock?: RowLock): Promise<CampaignEvent[]>;
  abstract delete(tx: Transaction, tenant: Tenant, ids: string[]): Promise<void>;
}
