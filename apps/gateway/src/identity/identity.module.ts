import { Module } from '@nestjs/common';
import { ApiKeyStore } from './application/api-key-store.port.js';
import { CreateApiKey } from './application/create-api-key.use-case.js';
import { CreateTenant } from './application/create-tenant.use-case.js';
import { DescribeCaller } from './application/describe-caller.use-case.js';
import { IdentityDirectory } from './application/identity-directory.js';
import { ListApiKeys } from './application/list-api-keys.use-case.js';
import { ListTenants } from './application/list-tenants.use-case.js';
import { RevokeApiKey } from './application/revoke-api-key.use-case.js';
import { TenantStore } from './application/tenant-store.port.js';
import { ApiKeyRepository } from './infrastructure/api-key.repository.js';
import { ApiKeyRow, TenantRow } from './infrastructure/identity.entities.js';
import { IdentityTenantsAndKeys1764100000000 } from './infrastructure/identity.migration.js';
import { TenantRepository } from './infrastructure/tenant.repository.js';
import { ApiKeysController } from './http/api-keys.controller.js';
import { MeController } from './http/me.controller.js';
import { TenantsController } from './http/tenants.controller.js';

export const identityEntities = [TenantRow, ApiKeyRow];
export const identityMigrations = [IdentityTenantsAndKeys1764100000000];

/**
 * Tenants and their API keys (schema `identity`), the IdentityDirectory that authentication
 * reads them through (cached in process; exported for the auth module), and GET /v1/me.
 */
@Module({
  controllers: [TenantsController, ApiKeysController, MeController],
  providers: [
    { provide: TenantStore, useClass: TenantRepository },
    { provide: ApiKeyStore, useClass: ApiKeyRepository },
    IdentityDirectory, CreateTenant, ListTenants, CreateApiKey, ListApiKeys, RevokeApiKey, DescribeCaller,
  ],
  exports: [IdentityDirectory, TenantStore],
})
export class IdentityModule {}
