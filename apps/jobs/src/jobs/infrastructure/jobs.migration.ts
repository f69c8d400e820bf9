import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registered jobs and their last known status, and job schedules (schema `jobs`).
 * - `(attempt, step)`: the position of the last applied status report (see domain/job-position.ts);
 *   every status write is `UPDATE ... WHERE (attempt, step) < (new)`, so a late report loses.
 * - `jobs_idempotency (tenant, idempotency_key)` unique: a repeated Idempotency-Key finds its job;
 *   `request_hash` tells a replay from a reuse with another body. Schedule runs use the key
 *   `schedule:<id>:<instant>`, so two replicas never register the same run twice.
 * - `jobs_newest (tenant, created_at DESC, id DESC)`: the tenant's list, newest first (keyset);
 *   `jobs_all_newest (created_at DESC, id DESC)`: the operators' list across tenants.
 * - `jobs_unfinished`: the reconciler's scan of registered/queued/running jobs (a few rows).
 * - `jobs_finished_at`: retention (finished jobs older than JOBS_RETENTION_DAYS are deleted).
 */
export class JobsStore1764100000000 implements MigrationInterface {
  name = 'JobsStore1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jobs.jobs (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        name text NOT NULL,
        params jsonb NOT NULL,
        status text NOT NULL CONSTRAINT jobs_status CHECK (status IN ('registered', 'queued', 'running', 'succeeded', 'failed', 'cancelled')),
        progress integer CONSTRAINT jobs_progress CHECK (progress BETWEEN 0 AND 100),
        result jsonb,
        error jsonb,
        attempts integer NOT NULL DEFAULT 0,
        attempt integer NOT NULL DEFAULT 0,
        step integer NOT NULL DEFAULT 0,
        run_at timestamptz,
        schedule_id uuid,
        idempotency_key text,
        request_hash text,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX jobs_idempotency ON jobs.jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX jobs_newest ON jobs.jobs (tenant, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_all_newest ON jobs.jobs (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_unfinished ON jobs.jobs (updated_at) WHERE status IN ('registered', 'queued', 'running')`);
    await q.query(`CREATE INDEX jobs_finished_at ON jobs.jobs (finished_at) WHERE finished_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE jobs.job_schedules (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        name text NOT NULL,
        params jsonb NOT NULL,
        cron text NOT NULL,
        timezone text NOT NULL,
        next_run_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX job_schedules_newest ON jobs.job_schedules (tenant, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX job_schedules_due ON jobs.job_schedules (next_run_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jobs.job_schedules`);
    await q.query(`DROP TABLE jobs.jobs`);
  }
}
