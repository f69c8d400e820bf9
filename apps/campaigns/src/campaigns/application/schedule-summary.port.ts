import type { Tenant } from '#common';
import type { StatusCounts } from '#messaging';

/** Reads over all of a tenant's campaigns and events at once, each judged at the `now` it is given. */
export abstract class ScheduleSummary {
  /** The smallest start or end of any campaign or event that is still after `now` (null: none). */
  abstract nextBoundary(tenant: Tenant, now: Date): Promise<Date | null>;
  /** Campaigns and events by status, both counted in one snapshot. */
  abstract countByStatus(tenant: Tenant, now: Date): Promise<StatusCounts>;
}
