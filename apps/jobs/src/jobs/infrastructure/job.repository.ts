import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { deleteOlderThan, TIME_ID_CURSOR, toPage, type Page, type Tenant } from '#common';
import type { JobStatus, Transaction } from '#messaging';
import { JobStore, type JobFilter, type NewJob } from '../application/job-store.port.js';
import type { Job } from '../domain/job.js';
import { Step } from '../domain/job-position.js';
import type { StatusReport } from '../domain/status-report.js';

/** The columns of `jobs.jobs` a Job is made of, under the domain's names: rows come back as Jobs. */
const JOB = 'id, tenant, name, params, status, progress, result, error, attempts, attempt, step, run_at AS "runAt", schedule_id AS "scheduleId", request_hash AS "requestHash", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"';

/** The same columns of the UPDATE's target (aliased `j`), which the reports' columns would make ambiguous. */
const JOB_OF_J = JOB.replace(/(^|, )/g, '$1j.');

const first = (rows: Job[]): Job | null => rows[0] ?? null;

/** The job store in `jobs.jobs`, in raw SQL: the status writes are one statement over a whole batch. */
@Injectable()
export class JobRepository implements JobStore {
  constructor(@InjectDataSource('jobs') private readonly dataSource: DataSource) {}

  async insert(tx: Transaction, job: NewJob): Promise<Job | null> {
    // Stored as `queued`: the registering transaction records both steps (see JobRegistrar).
    // ON CONFLICT: jobs_idempotency (the key is taken) or jobs_schedule_run (the run is registered).
    const rows: Job[] = await tx.manager.query(
      `INSERT INTO jobs.jobs (id, tenant, name, params, status, step, run_at, schedule_id, schedule_run_at, idempotency_key, request_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'queued', ${Step.queued}, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT DO NOTHING
       RETURNING ${JOB}`,
      [job.id, job.tenant, job.name, JSON.stringify(job.params), job.runAt, job.scheduleId, job.scheduleRunAt, job.idempotencyKey, job.requestHash, job.createdAt],
    );
    return first(rows);
  }

  async findByIdempotencyKey(tx: Transaction, tenant: Tenant, key: string): Promise<Job | null> {
    return first(await tx.manager.query(`SELECT ${JOB} FROM jobs.jobs WHERE tenant = $1 AND idempotency_key = $2`, [tenant, key]));
  }

  async findById(tenant: Tenant, id: string, within?: { tx: Transaction; lock?: boolean }): Promise<Job | null> {
    const manager = within?.tx.manager ?? this.dataSource.manager;
    return first(await manager.query(`SELECT ${JOB} FROM jobs.jobs WHERE tenant = $1 AND id = $2${within?.lock ? ' FOR UPDATE' : ''}`, [tenant, id]));
  }

  async list(tenant: Tenant, filter: JobFilter): Promise<Page<Job>> {
    return this.page(filter, [`tenant = $1`], [tenant]);
  }

  async listAll(filter: JobFilter & { tenant?: string }): Promise<Page<Job>> {
    return filter.tenant === undefined ? this.page(filter, [], []) : this.page(filter, [`tenant = $1`], [filter.tenant]);
  }

  async unfinished(idleMs: number, limit: number): Promise<Job[]> {
    return this.dataSource.query(
      `SELECT ${JOB} FROM jobs.jobs WHERE status IN ('registered', 'queued', 'running') AND updated_at < now() - make_interval(secs => $1)
       ORDER BY updated_at LIMIT $2`,
      [idleMs / 1000, limit],
    );
  }

  /** A batch at a time, so no statement holds many rows. */
  deleteFinishedBefore(days: number): Promise<number> {
    return deleteOlderThan(this.dataSource, 'jobs.jobs', 'finished_at', days);
  }

  /**
   * One statement for all the reports. The WHERE clause is the ordering rule (the row lock of the
   * UPDATE serialises concurrent writers, whatever the interleaving). A progress report also
   * applies at the same position when it does not go down.
   */
  async applyReports(tx: Transaction, reports: StatusReport[]): Promise<Job[]> {
    if (reports.length === 0) return [];
    const records = reports.map((r) => ({
      id: r.id,
      tenant: r.tenant,
      status: r.status,
      attempt: r.attempt,
      step: r.step,
      attempts: r.attempts ?? null,
      progress: r.progress ?? null,
      set_progress: r.progress !== undefined,
      result: r.result === undefined ? null : JSON.stringify(r.result),
      set_result: r.result !== undefined,
      error: r.error ?? null,
      set_error: r.error !== undefined,
      started_at: r.startedAt?.toISOString() ?? null,
      finished_at: r.finishedAt ? r.finishedAt.toISOString() : null,
      set_finished: r.finishedAt !== undefined,
      retry: r.retry === true,
    }));
    // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affectedCount].
    const answer: unknown[] = await tx.manager.query(
      `UPDATE jobs.jobs j SET
         status = COALESCE(r.status, j.status),
         attempt = r.attempt,
         step = r.step,
         attempts = GREATEST(j.attempts, COALESCE(r.attempts, j.attempts)),
         progress = CASE WHEN r.set_progress THEN r.progress ELSE j.progress END,
         result = CASE WHEN r.set_result THEN r.result::jsonb ELSE j.result END,
         error = CASE WHEN r.set_error THEN r.error ELSE j.error END,
         started_at = COALESCE(r.started_at, j.started_at),
         finished_at = CASE WHEN r.set_finished THEN r.finished_at ELSE j.finished_at END,
         updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(
         id uuid, tenant text, status text, attempt int, step int, attempts int, progress int, set_progress boolean,
         result text, set_result boolean, error jsonb, set_error boolean, started_at timestamptz,
         finished_at timestamptz, set_finished boolean, retry boolean)
       WHERE j.id = r.id AND j.tenant = r.tenant
         AND (j.status NOT IN ('succeeded', 'failed', 'cancelled') OR (r.retry AND j.status = 'failed'))
         AND ((j.attempt, j.step) < (r.attempt, r.step)
              OR (r.status IS NULL AND j.status = 'running' AND j.attempt = r.attempt AND j.step = r.step AND COALESCE(j.progress, 0) <= r.progress))
       RETURNING ${JOB_OF_J}`,
      [JSON.stringify(records)],
    );
    return (Array.isArray(answer[0]) ? answer[0] : answer) as Job[];
  }

  async statusesOf(ids: string[]): Promise<Map<string, JobStatus>> {
    const rows: Array<{ id: string; status: JobStatus }> = await this.dataSource.query(`SELECT id, status FROM jobs.jobs WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  /** Newest first, keyset on (created_at, id). */
  private async page(filter: JobFilter, where: string[], params: unknown[]): Promise<Page<Job>> {
    const after = TIME_ID_CURSOR.decode(filter.cursor);
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = [...where];
    if (filter.status) conditions.push(`status = ${param(filter.status)}`);
    if (filter.name) conditions.push(`name = ${param(filter.name)}`);
    if (after) conditions.push(`(created_at, id) < (${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`);
    const rows: Job[] = await this.dataSource.query(
      `SELECT ${JOB} FROM jobs.jobs ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    return toPage(rows, filter.limit, TIME_ID_CURSOR, (job) => ({ at: job.createdAt.toISOString(), id: job.id }), (job) => job);
  }
}
