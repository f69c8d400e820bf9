import type { AppDatabaseOptions } from '#common';
import { messagingMigrations } from '#messaging';
import { jobsMigrations } from './jobs/jobs.module.js';

/**
 * The jobs service's database (schema `jobs`): the job store, schedules, and the outbox, inbox
 * and dead letters of its messaging. JobsAppModule connects it; `migrate.ts` (the migration job)
 * applies the same migrations.
 */
export const JOBS_DATABASE = {
  schema: 'jobs',
  entities: [],
  migrations: [...messagingMigrations('jobs'), ...jobsMigrations],
} satisfies AppDatabaseOptions;
