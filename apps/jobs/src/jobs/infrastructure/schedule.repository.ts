import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TIME_ID_CURSOR, toPage, type Page, type Tenant } from '#common';
import type { Transaction } from '#messaging';
import { ScheduleStore } from '../application/schedule-store.port.js';
import type { Schedule } from '../domain/schedule.js';

/** The columns of `jobs.job_schedules` a Schedule is made of, under the domain's names. */
const SCHEDULE = 'id, tenant, name, params, cron, timezone, next_run_at AS "nextRunAt", created_at AS "createdAt"';

const first = (rows: Schedule[]): Schedule | null => rows[0] ?? null;

/** Job schedules in `jobs.job_schedules`, in raw SQL (advisory and SKIP LOCKED row locks). */
@Injectable()
export class ScheduleRepository implements ScheduleStore {
  constructor(@InjectDataSource('jobs') private readonly dataSource: DataSource) {}

  /** The count is taken under a lock per tenant (held until commit), so two concurrent creates cannot both pass. */
  async insertWithin(schedule: Schedule, max: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('jobs.job_schedules'), hashtext($1))`, [schedule.tenant]);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM jobs.job_schedules WHERE tenant = $1`, [schedule.tenant]);
      if (count >= max) return false;
      await manager.query(
        `INSERT INTO jobs.job_schedules (id, tenant, name, params, cron, timezone, next_run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [schedule.id, schedule.tenant, schedule.name, JSON.stringify(schedule.params), schedule.cron, schedule.timezone, schedule.nextRunAt, schedule.createdAt],
      );
      return true;
    });
  }

  async find(tenant: Tenant, id: string): Promise<Schedule | null> {
    return first(await this.dataSource.query(`SELECT ${SCHEDULE} FROM jobs.job_schedules WHERE tenant = $1 AND id = $2`, [tenant, id]));
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM jobs.job_schedules WHERE tenant = $1 AND id = $2`, [tenant, id]);
    return Number(deleted) === 1;
  }

  /** Newest first, keyset on (created_at, id). */
  async list(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<Page<Schedule>> {
    const after = TIME_ID_CURSOR.decode(request.cursor);
    const params: unknown[] = [tenant, request.limit + 1];
    let where = 'tenant = $1';
    if (after) {
      params.push(after.at, after.id);
      where += ` AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows: Schedule[] = await this.dataSource.query(`SELECT ${SCHEDULE} FROM jobs.job_schedules WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
    return toPage(rows, request.limit, TIME_ID_CURSOR, (schedule) => ({ at: schedule.createdAt.toISOString(), id: schedule.id }), (schedule) => schedule);
  }

  due(limit: number): Promise<Schedule[]> {
    return this.dataSource.query(`SELECT ${SCHEDULE} FROM jobs.job_schedules WHERE next_run_at <= now() ORDER BY next_run_at LIMIT $1`, [limit]);
  }

  async lockDue(tx: Transaction, id: string): Promise<Schedule | null> {
    return first(await tx.manager.query(`SELECT ${SCHEDULE} FROM jobs.job_schedules WHERE id = $1 AND next_run_at <= now() FOR UPDATE SKIP LOCKED`, [id]));
  }

  async moveOn(id: string, next: Date, tx?: Transaction): Promise<void> {
    await (tx?.manager ?? this.dataSource.manager).query(`UPDATE jobs.job_schedules SET next_run_at = $2 WHERE id = $1 AND next_run_at <= now()`, [id, next]);
  }
}
