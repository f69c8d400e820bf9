import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GatewayConfig } from '../gateway.config.js';
import { IdentityModule } from '../identity/identity.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AccessGuard } from './access.guard.js';
import { Authenticator } from './authenticator.js';
import { DevelopmentSecretWarning } from './dev-secret-warning.js';
import { createTokenVerifier, TOKEN_VERIFIER } from './token-verifier.js';

/**
 * Authentication and authorisation at the edge: the one guard (APP_GUARD) checks credentials,
 * the rate limit and the route's @Access rule. The audit trail names callers with the Authenticator.
 */
@Module({
  imports: [IdentityModule, RateLimitModule],
  providers: [{ provide: TOKEN_VERIFIER, inject: [GatewayConfig], useFactory: createTokenVerifier }, Authenticator, { provide: APP_GUARD, useClass: AccessGuard }, DevelopmentSecretWarning],
  exports: [Authenticator],
})
export class AuthModule {}
