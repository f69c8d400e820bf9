import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A schedule's runs get a namespace of their own: `schedule_run_at` (the instant the run was
 * due) with a unique `(schedule_id, schedule_run_at)`, so a run is registered once however
 * many replicas tick, and a client's Idempotency-Key (unique per tenant in `jobs_idempotency`)
 * can no longer collide with one. Before, runs used the key `schedule:<id>:<instant>` in the
 * clients' key space: a client job under that key made the scheduler's insert conflict.
 * Runs already registered that way move over (their key leaves the clients' key space).
 */
export class JobsScheduleRuns1764200000000 implements MigrationInterface {
  name = 'JobsScheduleRuns1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs.jobs ADD COLUMN schedule_run_at timestamptz`);
    await q.query(`
      UPDATE jobs.jobs
         SET schedule_run_at = substring(idempotency_key from length('schedule:' || schedule_id::text || ':') + 1)::timestamptz,
             idempotency_key = NULL,
             request_hash = NULL
       WHERE schedule_id IS NOT NULL AND idempotency_key LIKE 'schedule:' || schedule_id::text || ':%'`);
    await q.query(`CREATE UNIQUE INDEX jobs_schedule_run ON jobs.jobs (schedule_id, schedule_run_at) WHERE schedule_run_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX jobs.jobs_schedule_run`);
    await q.query(`ALTER TABLE jobs.jobs DROP COLUMN schedule_run_at`);
  }
}
