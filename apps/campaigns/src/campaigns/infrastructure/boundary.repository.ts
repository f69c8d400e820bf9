import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Tenant } from '../domain/tenant.js';

/**
 * The tenant's next schedule boundary: the smallest start or end, over campaigns and events,
 * that is still after `now`. Four index probes, each reading one index entry: `*_by_start
 * (tenant, start_date, id)` serves `min(start_date) WHERE start_date > now`, `*_by_end
 * (tenant, end_date, start_date)` serves `min(end_date) WHERE end_date > now` (EXPLAIN: four
 * "Index Only Scan ... Limit 1"). The read cache asks it once per tenant and boundary.
 */
@Injectable()
export class BoundaryRepository {
  constructor(@InjectDataSource('marketing') private readonly dataSource: DataSource) {}

  async nextBoundary(tenant: Tenant, now: Date): Promise<Date | null> {
    const rows: Array<{ at: Date | null }> = await this.dataSource.query(
      `SELECT LEAST(
         (SELECT min(start_date) FROM marketing.campaigns WHERE tenant = $1 AND start_date > $2),
         (SELECT min(end_date) FROM marketing.campaigns WHERE tenant = $1 AND end_date > $2),
         (SELECT min(start_date) FROM marketing.events WHERE tenant = $1 AND start_date > $2),
         (SELECT min(end_date) FROM marketing.events WHERE tenant = $1 AND end_date > $2)
       ) AS at`,
      [tenant, now],
    );
    return rows[0]?.at ?? null;
  }
}
