import type { EventInput } from '@fullcalendar/core';
import { DateTime, type DurationLikeObject } from 'luxon';
import { STATUS_COLORS } from '../../theme';
import type { Campaign, CampaignEvent, Changes } from '../campaigns/campaigns.api';

/** What the calendar keeps on each entry: which resource it is, to change or open it. */
export type Entry = { kind: 'campaign'; resource: Campaign } | { kind: 'event'; resource: CampaignEvent; campaign: Campaign };

/**
 * Campaigns and their events as calendar entries, coloured by status. A campaign runs for days,
 * so it is a bar over the days it touches in the tenant's zone (an all-day entry: the calendar's
 * end day is exclusive); an event is a timed entry, drawn white with its status as the border and
 * its campaign's name, so the two are told apart without colour too.
 */
export function calendarEntries(campaigns: Campaign[], events: CampaignEvent[], zone: string, editable: boolean): EventInput[] {
  const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  const entries: EventInput[] = campaigns.map((campaign) => ({
    id: campaign.id,
    title: campaign.name,
    allDay: true,
    ...daysTouched(campaign, zone),
    color: STATUS_COLORS[campaign.status],
    editable,
    durationEditable: editable,
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

function daysTouched(resource: { startDate: string; endDate: string }, zone: string): { start: string; end: string } {
  const start = DateTime.fromISO(resource.startDate, { zone });
  const end = DateTime.fromISO(resource.endDate, { zone });
  const lastDay = end.equals(end.startOf('day')) ? end : end.startOf('day').plus({ days: 1 });
  return { start: start.toISODate()!, end: lastDay.toISODate()! };
}

/**
 * The new bounds after a drag: the resource's own instants moved by the calendar's delta in the
 * tenant's zone, so a campaign dragged by a day keeps its wall-clock times, across a DST change too.
 */
export function moved(resource: { startDate: string; endDate: string }, zone: string, delta: DurationLikeObject, endDelta: DurationLikeObject = delta): Required<Pick<Changes, 'startDate' | 'endDate'>> {
  const shift = (iso: string, by: DurationLikeObject) => DateTime.fromISO(iso, { zone }).plus(by).toUTC().toISO()!;
  return { startDate: shift(resource.startDate, delta), endDate: shift(resource.endDate, endDelta) };
}

/** The campaigns whose events the calendar shows: those overlapping the visible range. */
export function overlapping(campaigns: Campaign[], range: { start: Date; end: Date } | null): Campaign[] {
  if (!range) return [];
  return campaigns.filter((campaign) => Date.parse(campaign.startDate) < range.end.getTime() && Date.parse(campaign.endDate) > range.start.getTime());
}
