import type { AppDatabaseOptions } from '#common';
import { messagingMigrations } from '#messaging';
import { campaignsMigrations } from './campaigns/campaigns.module.js';

/**
 * The campaigns service's database (schema `marketing`): campaigns, events, and the outbox,
 * inbox and dead letters of its messaging. CampaignsAppModule connects it; `migrate.ts` (the
 * migration job) applies the same migrations.
 */
export const CAMPAIGNS_DATABASE = {
  schema: 'marketing',
  entities: [],
  migrations: [...messagingMigrations('marketing'), ...campaignsMigrations],
} satisfies AppDatabaseOptions;
