/**
 * `GET /v1/audit` takes no filters beyond paging (`cursor`, `limit`: see `listAudit` in the
 * generated schema), so the audit page filters the pages it has loaded, here, in the browser.
 */
export interface AuditLike {
  actor: string;
  action: string;
  resourceType: string | null;
  status: number;
}

export type Outcome = 'all' | 'accepted' | 'refused';

export interface AuditFilter {
  action: string | null;
  resourceType: string | null;
  /** Part of the actor, any case (`alice`, `api-key:`). */
  actor: string;
  outcome: Outcome;
}

export const NO_FILTER: AuditFilter = { action: null, resourceType: null, actor: '', outcome: 'all' };

/** A write the API carried out (2xx, 3xx) or refused (4xx, 5xx). */
export function outcomeOf(status: number): Exclude<Outcome, 'all'> {
  return status < 400 ? 'accepted' : 'refused';
}

export function matchesAudit(entry: AuditLike, filter: AuditFilter): boolean {
  const actor = filter.actor.trim().toLowerCase();
  return (
    (!filter.action || entry.action === filter.action) &&
    (!filter.resourceType || entry.resourceType === filter.resourceType) &&
    (!actor || entry.actor.toLowerCase().includes(actor)) &&
    (filter.outcome === 'all' || outcomeOf(entry.status) === filter.outcome)
  );
}

export function filterAudit<T extends AuditLike>(entries: T[], filter: AuditFilter): T[] {
  return entries.filter((entry) => matchesAudit(entry, filter));
}

/** The values a field takes in the loaded entries, sorted, for a filter's choices. */
export function distinctValues<T>(entries: T[], pick: (entry: T) => string | null): string[] {
  return [...new Set(entries.map(pick).filter((value): value is string => Boolean(value)))].sort();
}

export function isFiltered(filter: AuditFilter): boolean {
  return Boolean(filter.action || filter.resourceType || filter.actor.trim() || filter.outcome !== 'all');
}
