import { createHash } from 'node:crypto';
import type { Page } from '#common';
import { scheduleStatus, type CampaignData, type EventData, type ScheduleStatus } from '#messaging';

/** A campaign as the API answers it: the stored data plus `status`, judged at response time. */
export interface CampaignView {
  id: string;
  name: string;
  description: string | null;
  startDate: string;
  endDate: string;
  status: ScheduleStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EventView extends CampaignView {
  campaignEventId: string;
}

/**
 * `status` is computed here, when the response is written, from the instants the service
 * returned: a copy of the service's answer kept by any cache stays right as time passes.
 */
export function campaignView(data: CampaignData, now = Date.now()): CampaignView {
  return {
    id: data.id,
    name: data.name,
    description: data.description,
    startDate: data.startDate,
    endDate: data.endDate,
    status: scheduleStatus(data, now),
    version: data.version,
    createdAt: data.createdAt,
    updatedAt: data.updatedAt,
  };
}

export function eventView(data: EventData, now = Date.now()): EventView {
  const { id, campaignEventId, name, description, startDate, endDate, version, createdAt, updatedAt } = data;
  return { id, campaignEventId, name, description, startDate, endDate, status: scheduleStatus(data, now), version, createdAt, updatedAt };
}

/**
 * An answer's bytes and its strong ETag. Bytes, not a string: a cached answer is written as it
 * is kept, with no UTF-8 encoding of the body on every hit (15.6 kB for the live list).
 */
export interface Representation {
  body: Buffer;
  etag: string;
}

/** The answers of the cached reads, rendered from the read model's data at `now`. */
export const campaignRepresentation = (data: CampaignData, now: number) => resourceRepresentation(campaignView(data, now));
export const eventRepresentation = (data: EventData, now: number) => resourceRepresentation(eventView(data, now));
export const campaignPageRepresentation = pageRepresentation(campaignView);
export const eventPageRepresentation = pageRepresentation(eventView);

function resourceRepresentation(view: CampaignView): Representation {
  return { body: Buffer.from(JSON.stringify(view)), etag: etagOf(view) };
}

/** A list's strong ETag is a hash of exactly the bytes answered. */
function pageRepresentation<D>(view: (item: D, now: number) => CampaignView): (page: Page<D>, now: number) => Representation {
  return (page, now) => {
    const body = Buffer.from(JSON.stringify({ items: page.items.map((item) => view(item, now)), nextCursor: page.nextCursor }));
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
  };
}

/**
 * The strong ETag of a campaign or event: `"<id>:<version>:<status>"`. `status` is part of the
 * representation and changes with time alone, so it is part of the tag: a client revalidating
 * with If-None-Match never keeps a frozen status. `If-Match` compares only id and version (an
 * edit is what it guards against; the clock moving is not an edit).
 */
export function etagOf(resource: { id: string; version: number; status: ScheduleStatus }): string {
  return `"${resource.id}:${resource.version}:${resource.status}"`;
}

