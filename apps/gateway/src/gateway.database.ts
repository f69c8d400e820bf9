import type { AppDatabaseOptions } from '#common';
import { consumerMigration } from '#messaging';
import { auditEntities, auditMigrations } from './audit/audit.module.js';
import { identityEntities, identityMigrations } from './identity/identity.module.js';

/**
 * The gateway's database (schema `identity`): tenants, API keys, the audit trail and its
 * event consumers' inbox and dead letters. GatewayAppModule connects it; `migrate.ts` (the
 * migration job) applies the same migrations.
 */
export const GATEWAY_DATABASE = {
  schema: 'identity',
  entities: [...identityEntities, ...auditEntities],
  migrations: [...identityMigrations, ...auditMigrations, consumerMigration('identity')],
} satisfies AppDatabaseOptions;
