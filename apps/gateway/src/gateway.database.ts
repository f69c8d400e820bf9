import type { AppDatabaseOptions } from '#common';
import { consumerMigration } from '#messaging';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './edge.providers.js';

/**
 * The gateway's database (schema `identity`): tenants, API keys, the audit trail and its
 * event consumers' inbox and dead letters. GatewayAppModule connects it; `migrate.ts` (the
 * migration job) applies the same migrations.
 */
export const GATEWAY_DATABASE = {
  schema: 'identity',
  entities: [...IDENTITY_ENTITIES],
  migrations: [...IDENTITY_MIGRATIONS, consumerMigration('identity')],
} satisfies AppDatabaseOptions;
