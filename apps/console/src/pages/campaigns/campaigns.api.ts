import { useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, ifMatch, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Campaign = components['schemas']['CampaignResponse'];
export type CampaignEvent = components['schemas']['EventResponse'];
export type Status = Campaign['status'];
/** What a form or a drag changes: only the fields sent are changed (merge patch). */
export type Changes = { name?: string; description?: string | null; startDate?: string; endDate?: string };

export const campaignKeys = {
  all: ['campaigns'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  events: (id: string) => ['campaigns', 'events', id] as const,
  live: ['campaigns', 'live'] as const,
};

// Statuses change with the clock alone: lists are read again every minute.
const CLOCK = 60_000;

export function useCampaigns() {
  return useQuery({
    queryKey: campaignKeys.all,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/v1/campaign-events', { params: { query: { limit: 200, cursor } } }))),
    refetchInterval: CLOCK,
  });
}

export function useCampaign(id: string) {
  return useQuery({ queryKey: campaignKeys.one(id), queryFn: () => unwrap(api.GET('/v1/campaign-events/{id}', { params: { path: { id } } })), refetchInterval: CLOCK });
}

export function eventsQuery(id: string) {
  return {
    queryKey: campaignKeys.events(id),
    queryFn: () => allPages((cursor) => unwrap(api.GET('/v1/campaign-events/{id}/events', { params: { path: { id }, query: { limit: 200, cursor } } }))),
    refetchInterval: CLOCK,
  };
}

export function useCampaignEvents(id: string) {
  return useQuery(eventsQuery(id));
}

/** "What the apps show now": the live lists exactly as an app reads them. */
export function useLiveNow() {
  return useQuery({
    queryKey: campaignKeys.live,
    queryFn: async () => {
      const [campaigns, events] = await Promise.all([unwrap(api.GET('/v1/campaign-events/live')), unwrap(api.GET('/v1/events/live'))]);
      return { campaigns: campaigns.items, events: events.items };
    },
    refetchInterval: 30_000,
  });
}

export const createCampaign = (body: Required<Pick<Changes, 'name' | 'startDate' | 'endDate'>> & Pick<Changes, 'description'>) =>
  unwrap(api.POST('/v1/campaign-events', { body }));

export const changeCampaign = (campaign: Campaign, body: Changes) =>
  unwrap(api.PATCH('/v1/campaign-events/{id}', { params: { path: { id: campaign.id }, header: { 'If-Match': ifMatch(campaign) } }, body }));

export const deleteCampaign = (campaign: Campaign) =>
  unwrap(api.DELETE('/v1/campaign-events/{id}', { params: { path: { id: campaign.id }, header: { 'If-Match': ifMatch(campaign) } } }));

export const createEvent = (campaignEventId: string, body: Required<Pick<Changes, 'name' | 'startDate' | 'endDate'>> & Pick<Changes, 'description'>) =>
  unwrap(api.POST('/v1/events', { body: { ...body, campaignEventId } }));

export const changeEvent = (event: CampaignEvent, body: Changes) =>
  unwrap(api.PATCH('/v1/events/{id}', { params: { path: { id: event.id }, header: { 'If-Match': ifMatch(event) } }, body }));

export const deleteEvent = (event: CampaignEvent) =>
  unwrap(api.DELETE('/v1/events/{id}', { params: { path: { id: event.id }, header: { 'If-Match': ifMatch(event) } } }));

/** After any write: every campaign list, page and live list is read again. */
export function useRefreshCampaigns() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: campaignKeys.all });
}
