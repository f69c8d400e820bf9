import { createHash } from 'node:crypto';
import { ValidationError, type Page } from '#common';
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

const ETAG = /^"([0-9a-fA-F-]{36}):(\d{1,9})(?::[a-z]+)?"$/;
/** An entity tag as RFC 9110 writes it: optionally weak, quoted, no quote inside. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/**
 * `If-Match` as expected versions for the resource `id`: undefined when absent or `*`
 * (any current version); otherwise the versions of the strong tags naming this resource. A
 * weak tag or another resource's tag never matches (412 once the resource is found); a value
 * that is no entity tag at all (`If-Match: 2`) is a malformed request (400), not a stale one.
 */
export function expectedVersions(header: string | string[] | undefined, id: string): number[] | undefined {
  if (header === undefined) return undefined;
  const values = [header].flat().join(',').split(',').map((v) => v.trim()).filter(Boolean);
  if (values.length === 0 || values.includes('*')) return undefined;
  if (!values.every((value) => ENTITY_TAG.test(value))) {
    throw ValidationError.field('If-Match', 'must be * or a list of entity tags such as "<id>:<version>:<status>" (quotes included)');
  }
  const versions: number[] = [];
  for (const value of values) {
    const match = ETAG.exec(value);
    if (match && match[1]!.toLowerCase() === id.toLowerCase()) versions.push(Number(match[2]));
  }
  return versions;
}
