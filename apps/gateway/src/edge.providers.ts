import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { HTTP_EDGE } from '#common';
import { AuditResourceInterceptor, AuditTrail } from './audit/audit-trail.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditEntryRow } from './audit/audit.entity.js';
import { IdentityAuditCount1764100002000, IdentityAuditTrail1764100001000 } from './audit/audit.migration.js';
import { AuditRepository } from './audit/audit.repository.js';
import { ListAuditAcrossTenants, ListTenantAudit } from './audit/list-audit.use-case.js';
import { AccessGuard } from './auth/access.guard.js';
import { Authenticator } from './auth/authenticator.js';
import { DevelopmentSecretWarning } from './auth/dev-secret-warning.js';
import { createTokenVerifier, TOKEN_VERIFIER } from './auth/token-verifier.js';
import { GatewayEdge } from './gateway-edge.js';
import { GatewayConfig } from './gateway.config.js';
import { ApiKeyRepository } from './identity/api-key.repository.js';
import { ApiKeysController } from './identity/api-keys.controller.js';
import { CreateApiKey } from './identity/create-api-key.use-case.js';
import { CreateTenant } from './identity/create-tenant.use-case.js';
import { ApiKeyRow, TenantRow } from './identity/identity.entities.js';
import { IdentityTenantsAndKeys1764100000000 } from './identity/identity.migration.js';
import { IdentityDirectory } from './identity/identity-directory.js';
import { ListApiKeys } from './identity/list-api-keys.use-case.js';
import { ListTenants } from './identity/list-tenants.use-case.js';
import { RevokeApiKey } from './identity/revoke-api-key.use-case.js';
import { TenantRepository } from './identity/tenant.repository.js';
import { TenantsController } from './identity/tenants.controller.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';

/**
 * The gateway's edge (identity, authentication, rate limits, audit), listed once so the root
 * module composes it with a few lines.
 */
export const IDENTITY_ENTITIES: Type[] = [TenantRow, ApiKeyRow, AuditEntryRow];
export const IDENTITY_MIGRATIONS: Type[] = [IdentityTenantsAndKeys1764100000000, IdentityAuditTrail1764100001000, IdentityAuditCount1764100002000];

export const EDGE_CONTROLLERS: Type[] = [TenantsController, ApiKeysController, AuditController];

export const EDGE_PROVIDERS: Provider[] = [
  { provide: TOKEN_VERIFIER, inject: [GatewayConfig], useFactory: createTokenVerifier },
  TenantRepository,
  ApiKeyRepository,
  IdentityDirectory,
  Authenticator,
  RateLimiter,
  { provide: APP_GUARD, useClass: AccessGuard },
  GatewayEdge,
  { provide: HTTP_EDGE, useExisting: GatewayEdge },
  DevelopmentSecretWarning,
  CreateTenant,
  ListTenants,
  CreateApiKey,
  ListApiKeys,
  RevokeApiKey,
  AuditRepository,
  AuditTrail,
  { provide: APP_INTERCEPTOR, useClass: AuditResourceInterceptor },
  ListTenantAudit,
  ListAuditAcrossTenants,
];
