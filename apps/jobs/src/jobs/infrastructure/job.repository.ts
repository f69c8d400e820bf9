import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { TIME_ID_CURSOR, toPage } from '#common';
import type { JobData, JobPage, JobStatus, TenantJobData } from '#messaging';
import type { Tenant } from '../domain/tenant.js';

/** `jobs.jobs` as `SELECT *` returns it. */
export interface JobRow {
  id: string;
  tenant: string;
  name: string;
  params: unknown;
  status: JobStatus;
  progress: number | null;
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  attempt: number;
  step: number;
  run_at: Date | null;
  schedule_id: string | null;
  schedule_run_at: Date | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

export interface NewJob {
  id: string;
  tenant: Tenant;
  name: string;
  params: unknown;
  runAt: Date | null;
  scheduleId: string | null;
  /** A schedule's run: the instant it was due (unique per schedule). */
  scheduleRunAt: Date | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
}

export interface JobFilter {
  status?: JobStatus;
  name?: string;
  limit: number;
  cursor?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function jobData(row: JobRow): JobData {
  return {
    id: row.id,
    name: row.name,
    params: row.params,
    status: row.status,
    progress: row.progress,
    result: row.result ?? null,
    error: row.error ?? null,
    attempts: row.attempts,
    runAt: iso(row.run_at),
    scheduleId: row.schedule_id,
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

export function tenantJobData(row: JobRow): TenantJobData {
  return { tenant: row.tenant, ...jobData(row) };
}

/**
 * The job store. Tenant data: every query a caller can reach takes the tenant first; the only
 * unscoped reads are the operators' list (`listAll`, behind the ops rule) and the system's own
 * scans (reconciler, retention), which act on ids they read from this table.
 */
@Injectable()
export class JobRepository {
  constructor(@InjectDataSource('jobs') private readonly dataSource: DataSource) {}

  /**
   * Inserts a job, unless its Idempotency-Key is taken (jobs_idempotency) or its schedule's run
   * is registered already (jobs_schedule_run): then null (the caller reads the first).
   */
  async insert(manager: EntityManager, job: NewJob): Promise<JobRow | null> {
    const rows: JobRow[] = await manager.query(
      `INSERT INTO jobs.jobs (id, tenant, name, params, status, run_at, schedule_id, schedule_run_at, idempotency_key, request_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'registered', $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [job.id, job.tenant, job.name, JSON.stringify(job.params), job.runAt, job.scheduleId, job.scheduleRunAt, job.idempotencyKey, job.requestHash, job.createdAt],
    );
    return rows[0] ?? null;
  }

  async findByIdempotencyKey(manager: EntityManager, tenant: Tenant, key: string): Promise<JobRow | null> {
    const rows: JobRow[] = await manager.query(`SELECT * FROM jobs.jobs WHERE tenant = $1 AND idempotency_key = $2`, [tenant, key]);
    return rows[0] ?? null;
  }

  async findById(tenant: Tenant, id: string, options: { manager?: EntityManager; lock?: boolean } = {}): Promise<JobRow | null> {
    const rows: JobRow[] = await (options.manager ?? this.dataSource.manager).query(
      `SELECT * FROM jobs.jobs WHERE tenant = $1 AND id = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [tenant, id],
    );
    return rows[0] ?? null;
  }

  /** The tenant's jobs, newest first (keyset on created_at, id). */
  async list(tenant: Tenant, filter: JobFilter): Promise<JobPage> {
    return this.page(filter, [`tenant = $1`], [tenant], jobData);
  }

  /** Every tenant's jobs, newest first; operators only. */
  async listAll(filter: JobFilter & { tenant?: string }): Promise<JobPage<TenantJobData>> {
    return filter.tenant === undefined ? this.page(filter, [], [], tenantJobData) : this.page(filter, [`tenant = $1`], [filter.tenant], tenantJobData);
  }

  /** Jobs not finished and not touched for `idleMs`: the reconciler's candidates. */
  async unfinished(idleMs: number, limit: number): Promise<JobRow[]> {
    return this.dataSource.query(
      `SELECT * FROM jobs.jobs WHERE status IN ('registered', 'queued', 'running') AND updated_at < now() - make_interval(secs => $1)
       ORDER BY updated_at LIMIT $2`,
      [idleMs / 1000, limit],
    );
  }

  /** Retention: deletes finished jobs older than `days`, a batch at a time; the number deleted. */
  async deleteFinishedBefore(days: number, batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = await this.dataSource.query(
        `DELETE FROM jobs.jobs WHERE id IN (
           SELECT id FROM jobs.jobs WHERE finished_at < now() - make_interval(days => $1) LIMIT $2)`,
        [days, batch],
      );
      total += Number(deleted ?? 0);
      if (Number(deleted ?? 0) < batch) return total;
    }
  }

  private async page<T>(filter: JobFilter, where: string[], params: unknown[], map: (row: JobRow) => T): Promise<JobPage<T>> {
    const after = TIME_ID_CURSOR.decode(filter.cursor);
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = [...where];
    if (filter.status) conditions.push(`status = ${param(filter.status)}`);
    if (filter.name) conditions.push(`name = ${param(filter.name)}`);
    if (after) conditions.push(`(created_at, id) < (${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`);
    const rows: JobRow[] = await this.dataSource.query(
      `SELECT * FROM jobs.jobs ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    return toPage(rows, filter.limit, TIME_ID_CURSOR, (row) => ({ at: row.created_at.toISOString(), id: row.id }), map);
  }
}
