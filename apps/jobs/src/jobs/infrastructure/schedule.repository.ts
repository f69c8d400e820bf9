import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor, isTimeIdKey, type TimeIdKey } from '#common';
import type { JobPage, JobScheduleData } from '#messaging';
import type { Tenant } from '../domain/tenant.js';

export interface ScheduleRow {
  id: string;
  tenant: string;
  name: string;
  params: unknown;
  cron: string;
  timezone: string;
  next_run_at: Date;
  created_at: Date;
}

export function scheduleData(row: ScheduleRow): JobScheduleData {
  return {
    id: row.id,
    name: row.name,
    params: row.params,
    cron: row.cron,
    timezone: row.timezone,
    nextRunAt: row.next_run_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/** Job schedules of one tenant; `due` is the scheduler's own scan (rows locked, skipped by other replicas). */
@Injectable()
export class ScheduleRepository {
  constructor(@InjectDataSource('jobs') private readonly dataSource: DataSource) {}

  async insert(row: ScheduleRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO jobs.job_schedules (id, tenant, name, params, cron, timezone, next_run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.tenant, row.name, JSON.stringify(row.params), row.cron, row.timezone, row.next_run_at, row.created_at],
    );
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM jobs.job_schedules WHERE tenant = $1 AND id = $2`, [tenant, id]);
    return Number(deleted) === 1;
  }

  async list(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<JobPage<JobScheduleData>> {
    const after = decodeCursor<TimeIdKey>(request.cursor, isTimeIdKey);
    const params: unknown[] = [tenant, request.limit + 1];
    let where = 'tenant = $1';
    if (after) {
      params.push(after.at, after.id);
      where += ` AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows: ScheduleRow[] = await this.dataSource.query(`SELECT * FROM jobs.job_schedules WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
    const items = rows.slice(0, request.limit);
    const last = items[items.length - 1];
    return { items: items.map(scheduleData), nextCursor: rows.length > request.limit && last ? encodeCursor({ at: last.created_at.toISOString(), id: last.id }) : null };
  }

  /** Due schedules, locked for this transaction; another replica's scan skips them. */
  async due(manager: EntityManager, limit: number): Promise<ScheduleRow[]> {
    return manager.query(`SELECT * FROM jobs.job_schedules WHERE next_run_at <= now() ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED`, [limit]);
  }

  async setNextRun(manager: EntityManager, id: string, next: Date): Promise<void> {
    await manager.query(`UPDATE jobs.job_schedules SET next_run_at = $2 WHERE id = $1`, [id, next]);
  }
}
