import { Inject, Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '#common';
import { looksLikeApiKey } from '../identity/api-key.js';
import { IdentityDirectory } from '../identity/identity-directory.js';
import type { Principal } from './principal.js';
import { effectiveRoles } from './roles.js';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Turns a request's credentials into a principal: `X-Api-Key` (a tenant's app, read-only) or
 * `Authorization: Bearer <JWT>` (staff or operators). Null when the request carries none;
 * UnauthenticatedError (401) for anything presented that does not hold up, including a token
 * naming a tenant that does not exist.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly directory: IdentityDirectory,
  ) {}

  async resolve(headers: Headers): Promise<Principal | null> {
    const apiKey = headers['x-api-key'];
    const authorization = headers.authorization;
    if (apiKey !== undefined && authorization !== undefined) {
      throw new UnauthenticatedError('Send either X-Api-Key or Authorization, not both.');
    }
    if (apiKey !== undefined) return this.fromApiKey(apiKey);
    if (authorization !== undefined) return this.fromAuthorization(authorization);
    return null;
  }

  private async fromApiKey(header: string | string[]): Promise<Principal> {
    if (typeof header !== 'string' || !looksLikeApiKey(header)) throw new UnauthenticatedError('The API key is not valid.');
    const key = await this.directory.apiKey(header);
    if (!key) throw new UnauthenticatedError('The API key is unknown or revoked.');
    const tenant = await this.directory.tenant(key.tenant);
    if (!tenant) throw new UnauthenticatedError('The API key is unknown or revoked.');
    return { kind: 'api-key', id: key.id, tenant: tenant.slug, tenantTimezone: tenant.timezone };
  }

  private async fromAuthorization(header: string | string[]): Promise<Principal> {
    const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>".');
    const claims = await this.verifier.verify(match[1]!);
    const roles = effectiveRoles(claims.roles);
    // Operators have no tenant: an ops token is an operator's, whatever else it says.
    if (roles.includes('ops')) return { kind: 'ops', sub: claims.sub, roles: ['ops'] };
    if (!claims.tenant) throw new UnauthenticatedError('The token names no tenant.');
    const tenant = await this.directory.tenant(claims.tenant);
    if (!tenant) throw new UnauthenticatedError(`The token names tenant ${claims.tenant}, which does not exist.`);
    return { kind: 'staff', sub: claims.sub, tenant: tenant.slug, tenantTimezone: tenant.timezone, roles };
  }
}
