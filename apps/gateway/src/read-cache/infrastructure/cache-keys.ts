import type { ListRequest } from '#messaging';

/**
 * Cache keys: route plus the request as the gateway understood it (after `listRequest` read and
 * checked the query), never the raw query string. Unknown parameters (the apps' cache-busters)
 * are already gone, and `?limit=50` and no limit are one key. Parts are joined with a
 * separator that cannot occur in the values' positions (each part is prefixed by its name).
 */
export type CachedRoute = 'campaigns' | 'campaign' | 'campaign.events' | 'events.live' | 'event' | 'boundary';

export function listKey(route: CachedRoute, request: ListRequest & { id?: string }): string {
  let key = `${route}|l=${request.limit}`;
  if (request.status !== undefined) key += `|s=${request.status}`;
  if (request.id !== undefined) key += `|id=${request.id.toLowerCase()}`;
  if (request.cursor !== undefined) key += `|c=${request.cursor}`;
  // q last: it is free text, so nothing after it can be confused with it.
  if (request.q !== undefined) key += `|q=${request.q}`;
  return key;
}

/** A single resource's key: ids are UUIDs in any letter case; one resource, one key. */
export function resourceKey(route: 'campaign' | 'event', id: string): string {
  return `${route}|id=${id.toLowerCase()}`;
}

export const BOUNDARY_KEY = 'boundary';
