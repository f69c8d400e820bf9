import type { CampaignData, EventData } from '#messaging';
import type { Campaign } from '../domain/campaign.js';
import type { CampaignEvent } from '../domain/event.js';

/** Campaigns and events as they cross the transport and enter domain events (no `status`). */
export function campaignData(campaign: Campaign): CampaignData {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    startDate: campaign.schedule.start.toISOString(),
    endDate: campaign.schedule.end.toISOString(),
    version: campaign.version,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

export function eventData(event: CampaignEvent): EventData {
  return {
    id: event.id,
    campaignEventId: event.campaignId,
    name: event.name,
    description: event.description,
    startDate: event.schedule.start.toISOString(),
    endDate: event.schedule.end.toISOString(),
    version: event.version,
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}
