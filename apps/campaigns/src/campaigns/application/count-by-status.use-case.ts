import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '#common';
import type { StatusCounts } from '#messaging';
import { tenantOf } from '../domain/tenant.js';

/**
 * The tenant's campaigns and events counted by status at one instant (the `campaigns.report`
 * job asks for it). Both counts are one snapshot: a single statement, judged at the same `now`,
 * with the half-open window of `scheduleStatus`.
 */
@Injectable()
export class CountByStatus {
  constructor(@InjectDataSource('marketing') private readonly dataSource: DataSource) {}

  async execute(ctx: RequestContext): Promise<StatusCounts> {
    const tenant = tenantOf(ctx);
    const count = (table: string) => `
      SELECT '${table}' AS kind,
             count(*) FILTER (WHERE start_date > $2)::int AS upcoming,
             count(*) FILTER (WHERE start_date <= $2 AND end_date > $2)::int AS live,
             count(*) FILTER (WHERE end_date <= $2)::int AS ended,
             count(*)::int AS total
        FROM marketing.${table} WHERE tenant = $1`;
    const rows: Array<{ kind: 'campaigns' | 'events'; upcoming: number; live: number; ended: number; total: number }> = await this.dataSource.query(
      `${count('campaigns')} UNION ALL ${count('events')}`,
      [tenant, new Date()],
    );
    const of = (kind: 'campaigns' | 'events') => {
      const { upcoming, live, ended, total } = rows.find((r) => r.kind === kind)!;
      return { upcoming, live, ended, total };
    };
    return { campaigns: of('campaigns'), events: of('events') };
  }
}
