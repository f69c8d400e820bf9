import type { Tenant } from '#common';
import type { ListFilter } from '../application/scheduled-item-store.port.js';

/**
 * The one list query of campaigns and events: the tenant first (always), the status as the
 * half-open window at `now`, the name substring, the keyset, in (start_date, id) order. It asks
 * for one row more than the page to know whether there is a next one.
 */
export function listSql(table: 'campaigns' | 'events', tenant: Tenant, filter: ListFilter, extra: { campaignId?: string } = {}) {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (extra.campaignId !== undefined) where.push(`campaign_id = ${param(extra.campaignId)}`);
  if (filter.status === 'upcoming') where.push(`start_date > ${param(filter.now)}`);
  if (filter.status === 'live') {
    const now = param(filter.now);
    where.push(`start_date <= ${now}`, `end_date > ${now}`);
  }
  if (filter.status === 'ended') where.push(`end_date <= ${param(filter.now)}`);
  if (filter.q !== undefined && filter.q !== '') where.push(`name ILIKE ${param(`%${escapeLike(filter.q)}%`)}`);
  if (filter.after) where.push(`(start_date, id) > (${param(filter.after.startDate)}, ${param(filter.after.id)})`);
  const sql = `SELECT * FROM marketing.${table} WHERE ${where.join(' AND ')} ORDER BY start_date, id LIMIT ${param(filter.limit + 1)}`;
  return { sql, params };
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
