import type { AppDatabaseOptions } from '#common';
import { messagingMigrations } from '#messaging';
import { jobsMigrations } from './jobs/jobs.module.js';
import { webhooksMigrations } from './webhooks/webhooks.module.js';

/**
 * The jobs service's database (schema `jobs`): the job store, schedules, webhooks and their
 * delivery log, and the outbox, inbox
 * and dead letters of its messaging. JobsAppModule connects it; `migrate.ts` (the migration job)
 * applies the same migrations.
 */
export const JOBS_DATABASE = {
  schema: 'jobs',
  entities: [],
  migrations: [...messagingMigrations('jobs'), ...jobsMigrations, ...webhooksMigrations],
} satisfies AppDatabaseOptions;
