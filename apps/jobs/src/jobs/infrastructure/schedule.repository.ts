import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { TIME_ID_CURSOR, toPage } from '#common';
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

/**
 * Job schedules of one tenant; `due`, `lockDue` and `moveOn` are the scheduler's own (a due
 * schedule is locked in its run's transaction, and skipped by other replicas meanwhile).
 */
@Injectable()
export class ScheduleRepository {
  constructor(@InjectDataSource('jobs') private readonly dataSource: DataSource) {}

  /**
   * Inserts the schedule unless its tenant has `max` already: false then. The count is taken
   * under a lock per tenant (held until commit), so two concurrent creates cannot both pass.
   */
  async insertWithin(row: ScheduleRow, max: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('jobs.job_schedules'), hashtext($1))`, [row.tenant]);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM jobs.job_schedules WHERE tenant = $1`, [row.tenant]);
      if (count >= max) return false;
      await manager.query(
        `INSERT INTO jobs.job_schedules (id, tenant, name, params, cron, timezone, next_run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [row.id, row.tenant, row.name, JSON.stringify(row.params), row.cron, row.timezone, row.next_run_at, row.created_at],
      );
      return true;
    });
  }

  async find(tenant: Tenant, id: string): Promise<ScheduleRow | null> {
    const rows: ScheduleRow[] = await this.dataSource.query(`SELECT * FROM jobs.job_schedules WHERE tenant = $1 AND id = $2`, [tenant, id]);
    return rows[0] ?? null;
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM jobs.job_schedules WHERE tenant = $1 AND id = $2`, [tenant, id]);
    return Number(deleted) === 1;
  }

  async list(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<JobPage<JobScheduleData>> {
    const after = TIME_ID_CURSOR.decode(request.cursor);
    const params: unknown[] = [tenant, request.limit + 1];
    let where = 'tenant = $1';
    if (after) {
      params.push(after.at, after.id);
      where += ` AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows: ScheduleRow[] = await this.dataSource.query(`SELECT * FROM jobs.job_schedules WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
    return toPage(rows, request.limit, TIME_ID_CURSOR, (row) => ({ at: row.created_at.toISOString(), id: row.id }), scheduleData);
  }

  /** Due schedules, longest due first; not locked (each run takes its own with `lockDue`). */
  async due(limit: number): Promise<ScheduleRow[]> {
    return this.dataSource.query(`SELECT * FROM jobs.job_schedules WHERE next_run_at <= now() ORDER BY next_run_at LIMIT $1`, [limit]);
  }

  /** The schedule as it is now, locked for this transaction, if it is still due and no other replica holds it. */
  async lockDue(manager: EntityManager, id: string): Promise<ScheduleRow | null> {
    const rows: ScheduleRow[] = await manager.query(`SELECT * FROM jobs.job_schedules WHERE id = $1 AND next_run_at <= now() FOR UPDATE SKIP LOCKED`, [id]);
    return rows[0] ?? null;
  }

  /** Sets the next run of a schedule that is due (a no-op once another transaction moved it on). */
  async moveOn(id: string, next: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE jobs.job_schedules SET next_run_at = $2 WHERE id = $1 AND next_run_at <= now()`, [id, next]);
  }
}
