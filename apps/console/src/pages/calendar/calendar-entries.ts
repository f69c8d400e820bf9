import type { EventInput } from '@fullcalendar/core';
import { STATUS_COLORS } from '../../theme';
import type { Campaign, CampaignEvent } from '../campaigns/campaigns.api';

/** What the calendar keeps on each entry: which resource it is, to change or open it. */
export type Entry = { kind: 'campaign'; resource: Campaign } | { kind: 'event'; resource: CampaignEvent; campaign: Campaign };

/**
 * Campaigns and their events as calendar entries, coloured by status. An event is drawn lighter,
 * with its campaign's name, so the two are told apart without colour too.
 */
export function calendarEntries(campaigns: Campaign[], events: CampaignEvent[], editable: boolean): EventInput[] {
  const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  const entries: EventInput[] = campaigns.map((campaign) => ({
    id: campaign.id,
    title: campaign.name,
    start: campaign.startDate,
    end: campaign.endDate,
    color: STATUS_COLORS[campaign.status],
    editable,
    extendedProps: { entry: { kind: 'campaign', resource: campaign } satisfies Entry },
  }));
  for (const event of events) {
    const campaign = byId.get(event.campaignEventId);
    if (!campaign) continue;
    entries.push({
      id: event.id,
      title: `${event.name} · event of ${campaign.name}`,
      start: event.startDate,
      end: event.endDate,
      backgroundColor: '#ffffff',
      borderColor: STATUS_COLORS[event.status],
      textColor: '#1a1b1e',
      editable,
      extendedProps: { entry: { kind: 'event', resource: event, campaign } satisfies Entry },
    });
  }
  return entries;
}

/** The campaigns whose events the calendar shows: those overlapping the visible range. */
export function overlapping(campaigns: Campaign[], range: { start: Date; end: Date } | null): Campaign[] {
  if (!range) return [];
  return campaigns.filter((campaign) => Date.parse(campaign.startDate) < range.end.getTime() && Date.parse(campaign.endDate) > range.start.getTime());
}
