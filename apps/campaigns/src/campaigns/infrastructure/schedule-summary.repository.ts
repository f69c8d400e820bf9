import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Tenant } from '#common';
import type { StatusCounts } from '#messaging';
import { ScheduleSummary } from '../application/schedule-summary.port.js';

type Table = 'campaigns' | 'events';
type CountRow = { kind: Table } & StatusCounts[Table];

/** The tenant-wide reads of `marketing.campaigns` and `marketing.events` together. */
@Injectable()
export class ScheduleSummaryRepository implements ScheduleSummary {
  constructor(@InjectDataSource('marketing') private readonly dataSource: DataSource) {}

  /**
   * Four index probes, each reading one index entry: `*_by_start (tenant, start_date, id)` serves
   * `min(start_date) WHERE start_date > now`, `*_by_end (tenant, end_date, start_date)` serves
   * `min(end_date) WHERE end_date > now` (EXPLAIN: four "Index Only Scan ... Limit 1"). The read
   * cache asks it once per tenant and boundary.
   */
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

  /** One statement, so both counts are one snapshot, judged at the same `now`. */
  async countByStatus(tenant: Tenant, now: Date): Promise<StatusCounts> {
    const count = (table: Table) => `
      SELECT '${table}' AS kind,
             count(*) FILTER (WHERE start_date > $2)::int AS upcoming,
             count(*) FILTER (WHERE start_date <= $2 AND end_date > $2)::int AS live,
             count(*) FILTER (WHERE end_date <= $2)::int AS ended,
             count(*)::int AS total
        FROM marketing.${table} WHERE tenant = $1`;
    const rows: CountRow[] = await this.dataSource.query(`${count('campaigns')} UNION ALL ${count('events')}`, [tenant, now]);
    const of = (kind: Table) => {
      const { upcoming, live, ended, total } = rows.find((r) => r.kind === kind)!;
      return { upcoming, live, ended, total };
    };
    return { campaigns: of('campaigns'), events: of('events') };
  }
}
