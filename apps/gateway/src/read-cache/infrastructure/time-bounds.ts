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

/** `at` of a next-boundary answer as epoch ms (null: nothing will ever start or end). */
export function boundaryMs(at: string | null): number | null {
  if (at === null) return null;
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
}
