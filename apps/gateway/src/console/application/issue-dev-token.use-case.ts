import { Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { ValidationError } from '#common';
import type { Role } from '../../auth/roles.js';
import { signStaffToken, tokenClaimsOf } from '../../auth/token-verifier.js';
import { GatewayConfig } from '../../gateway.config.js';
import { IdentityDirectory } from '../../identity/application/identity-directory.js';

/** How long a development sign-in lasts: a working day. */
export const DEV_TOKEN_HOURS = 8;

export interface DevTokenRequest {
  tenant: string | null;
  roles: Role[];
}

export interface IssuedDevToken {
  accessToken: string;
  /** When it expires, as toISOString() writes it. */
  expiresAt: string;
}

/**
 * The console's development sign-in: a staff token as `npm run demo` signs them (HS256 with
 * JWT_SECRET, `iss` / `aud` when configured), for any roles of an existing tenant, or for an
 * operator. Only registered when GatewayConfig.devSignIn holds (development, no JWKS), so it
 * grants nothing that the published development secret does not already grant.
 */
@Injectable()
export class IssueDevToken {
  constructor(
    private readonly config: GatewayConfig,
    private readonly directory: IdentityDirectory,
  ) {}

  async execute({ tenant, roles }: DevTokenRequest): Promise<IssuedDevToken> {
    const operator = roles.includes('ops');
    if (!operator) {
      if (tenant === null) throw ValidationError.field('tenant', 'is required unless roles include ops');
      if (!(await this.directory.tenant(tenant))) throw ValidationError.field('tenant', `must be an existing tenant (${tenant} does not exist)`);
    }
    const sub = `dev:${roles.join('+')}@${tenant ?? 'platform'}`;
    const accessToken = await signStaffToken(this.config.JWT_SECRET, { sub, roles, tenant }, { ...tokenClaimsOf(this.config), expiresInS: DEV_TOKEN_HOURS * 3600 });
    return { accessToken, expiresAt: new Date(decodeJwt(accessToken).exp! * 1000).toISOString() };
  }
}
