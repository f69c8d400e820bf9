import type { Page, Readiness } from '#common';

/**
 * Messages the campaigns service answers, and the shapes they carry.
 *
 * Dates cross the transport as ISO 8601 instants in UTC (`toISOString()`): the gateway reads
 * the client's formats (offsets, the legacy format in the tenant's zone) at the edge, where
 * the tenant's zone is known, so the service only ever sees instants.
 *
 * `status` is not part of these shapes: it depends on the moment of the response, so the
 * gateway computes it (with `scheduleStatus`) when it writes the response. A cached copy of
 * these shapes therefore never freezes a status.
 */
export const CampaignsMessages = {
  health: 'campaigns.health',
  createCampaign: 'campaigns.campaign.create',
  getCampaign: 'campaigns.campaign.get',
  listCampaigns: 'campaigns.campaign.list',
  listCampaignEvents: 'campaigns.campaign.list-events',
  changeCampaign: 'campaigns.campaign.change',
  deleteCampaign: 'campaigns.campaign.delete',
  createEvent: 'campaigns.event.create',
  getEvent: 'campaigns.event.get',
  listLiveEvents: 'campaigns.event.list-live',
  changeEvent: 'campaigns.event.change',
  deleteEvent: 'campaigns.event.delete',
  nextBoundary: 'campaigns.tenant.next-boundary',
  countByStatus: 'campaigns.report.count-by-status',
} as const;

export type ScheduleStatus = 'upcoming' | 'live' | 'ended';
export const SCHEDULE_STATUSES: readonly ScheduleStatus[] = ['upcoming', 'live', 'ended'];

/** A campaign as stored: everything of the public shape except `status`. */
export interface CampaignData {
  id: string;
  name: string;
  description: string | null;
  startDate: string;
  endDate: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EventData extends CampaignData {
  campaignEventId: string;
}

/** A list request: `limit` already checked (1–200) by the caller; `cursor` is opaque. */
export interface ListRequest {
  status?: ScheduleStatus;
  q?: string;
  limit: number;
  cursor?: string;
}

/**
 * `If-Match` as the service needs it: absent (or `*`) means "whatever the current version is";
 * otherwise the versions the client named for this resource (none left means it cannot match).
 */
export interface Precondition {
  expectedVersions?: number[];
}

export interface CreateCampaignRequest {
  name: string;
  description?: string | null;
  startDate: string;
  endDate: string;
}

/**
 * A PATCH, already split by the gateway into the explicit changes it asks for; the service runs
 * each change's use case in one transaction (one version, one `campaign.updated`).
 */
export interface ChangeRequest extends Precondition {
  id: string;
  rename?: { name: string };
  describe?: { description: string | null };
  reschedule?: { startDate?: string; endDate?: string };
}

export interface CreateEventRequest extends CreateCampaignRequest {
  campaignEventId: string;
}

export interface CampaignsContract {
  'campaigns.health': { request: Record<string, never>; response: Readiness };
  'campaigns.campaign.create': { request: CreateCampaignRequest; response: CampaignData };
  'campaigns.campaign.get': { request: { id: string }; response: CampaignData };
  'campaigns.campaign.list': { request: ListRequest; response: Page<CampaignData> };
  'campaigns.campaign.list-events': { request: ListRequest & { id: string }; response: Page<EventData> };
  'campaigns.campaign.change': { request: ChangeRequest; response: CampaignData };
  'campaigns.campaign.delete': { request: Precondition & { id: string }; response: { deleted: true } };
  'campaigns.event.create': { request: CreateEventRequest; response: EventData };
  'campaigns.event.get': { request: { id: string }; response: EventData };
  'campaigns.event.list-live': { request: Omit<ListRequest, 'status'>; response: Page<EventData> };
  'campaigns.event.change': { request: ChangeRequest; response: EventData };
  'campaigns.event.delete': { request: Precondition & { id: string }; response: { deleted: true } };
  'campaigns.tenant.next-boundary': { request: Record<string, never>; response: NextBoundary };
  'campaigns.report.count-by-status': { request: Record<string, never>; response: StatusCounts };
}

/** How many of the tenant's campaigns and events are upcoming, live and ended now (the campaigns.report job). */
export interface StatusCounts {
  campaigns: Record<ScheduleStatus | 'total', number>;
  events: Record<ScheduleStatus | 'total', number>;
}

/**
 * The next instant after `now` at which one of the tenant's campaigns or events starts or ends
 * (null: none ever will). Until then every `status` and every `live` / status-filtered list of
 * the tenant stays as it is, barring a write: the read cache never keeps an answer past it.
 */
export interface NextBoundary {
  now: string;
  at: string | null;
}

/** The half-open window: upcoming while now < start, live while start ≤ now < end, then ended. */
export function scheduleStatus(schedule: { startDate: string | Date; endDate: string | Date }, now: number = Date.now()): ScheduleStatus {
  const start = new Date(schedule.startDate).getTime();
  const end = new Date(schedule.endDate).getTime();
  if (now < start) return 'upcoming';
  return now < end ? 'live' : 'ended';
}

/** Domain event types of the campaigns context (payloads: the resource as stored). */
export const CampaignsEvents = {
  campaignCreated: 'campaign.created',
  campaignUpdated: 'campaign.updated',
  campaignDeleted: 'campaign.deleted',
  eventCreated: 'event.created',
  eventUpdated: 'event.updated',
  eventDeleted: 'event.deleted',
} as const;
