/**
 * The time rules of the read cache, kept pure so they are tested alone.
 *
 * A campaign's or event's `status` (and so every `live` or status-filtered list) changes with
 * the clock alone at each start and end. Between two such instants of a tenant ("boundaries")
 * nothing the tenant's readers see can change except by a write, and writes invalidate. So an
 * entry is kept at most until the tenant's next boundary, and at most the configured maximum.
 */

/** When an entry loaded at `now` must stop being served: the earlier of the TTL and the boundary. */
export function expiryOf(now: number, maxTtlMs: number, boundary: number | null): number {
  const byTtl = now + maxTtlMs;
  return boundary === null ? byTtl : Math.min(byTtl, boundary);
}

/**
 * `max-age` for an answer whose representation holds until `expiresAt`: whole seconds, rounded
 * down (a client may keep it a little less, never longer), capped, never negative.
 */
export function maxAgeSeconds(now: number, expiresAt: number, capS: number): number {
  const left = Math.floor((expiresAt - now) / 1000);
  return Math.max(0, Math.min(capS, left));
}

/** The `Cache-Control` of a read answer. */
export function cacheControl(maxAgeS: number): string {
  return `private, max-age=${maxAgeS}`;
}

/** `at` of a next-boundary answer as epoch ms (null: nothing will ever start or end). */
export function boundaryMs(at: string | null): number | null {
  if (at === null) return null;
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Whether `If-None-Match` names the current representation (RFC 9110 13.1.2: weak comparison,
 * so `W/"x"` matches `"x"`; `*` matches any current representation).
 */
export function noneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (raw.trim() === '*') return true;
  // Tags may contain commas only in theory (our tags never do); split on commas outside quotes.
  for (const part of raw.match(/(?:W\/)?"[^"]*"/g) ?? []) {
    const tag = part.startsWith('W/') ? part.slice(2) : part;
    if (tag === etag) return true;
  }
  return false;
}
