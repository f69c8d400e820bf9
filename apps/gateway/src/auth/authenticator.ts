import { Inject, Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '#common';
import type { StoredApiKey } from '../identity/application/api-key-store.port.js';
import { IdentityDirectory } from '../identity/application/identity-directory.js';
import { hashApiKey, looksLikeApiKey } from '../identity/domain/api-key.js';
import type { TenantProfile } from '../identity/domain/tenant.js';
import type { Principal } from './principal.js';
import { effectiveRoles } from './roles.js';
import { TOKEN_VERIFIER, type StaffClaims, type TokenVerifier } from './token-verifier.js';

type Headers = Record<string, string | string[] | undefined>;

/** What a request presents, checked without reading the database: a key's hash, or a verified token's claims. */
export type Credentials = { kind: 'api-key'; hash: string } | { kind: 'token'; claims: StaffClaims; ops: boolean };

/**
 * Turns a request's credentials into a principal: `X-Api-Key` (a tenant's app, read-only) or
 * `Authorization: Bearer <JWT>` (staff or operators), in two steps so that the guard can apply
 * the rate limit between them: `credentials` needs no database read (a key is hashed, a token's
 * signature checked), `principal` reads the (cached) directory. UnauthenticatedError (401) for
 * anything presented that does not hold up, including a token naming a tenant that does not exist.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly directory: IdentityDirectory,
  ) {}

  /** Null when the request carries none. */
  async credentials(headers: Headers): Promise<Credentials | null> {
    const apiKey = headers['x-api-key'];
    const authorization = headers.authorization;
    if (apiKey !== undefined && authorization !== undefined) {
      throw new UnauthenticatedError('Send either X-Api-Key or Authorization, not both.');
    }
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string' || !looksLikeApiKey(apiKey)) throw new UnauthenticatedError('The API key is not valid.');
      return { kind: 'api-key', hash: hashApiKey(apiKey) };
    }
    if (authorization !== undefined) {
      const match = typeof authorization === 'string' ? /^Bearer +(\S+) *$/i.exec(authorization) : null;
      if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>".');
      const claims = await this.verifier.verify(match[1]!);
      // Operators have no tenant: an ops token is an operator's, whatever else it says.
      return { kind: 'token', claims, ops: effectiveRoles(claims.roles).includes('ops') };
    }
    return null;
  }

  /** Whether `principal` would read the database: an API key this replica has never seen. */
  costsLookup(credentials: Credentials): boolean {
    return credentials.kind === 'api-key' && this.directory.cachedApiKey(credentials.hash) === undefined;
  }

  async principal(credentials: Credentials): Promise<Principal> {
    if (credentials.kind === 'api-key') {
      return keyPrincipal(await this.directory.apiKey(credentials.hash), (slug) => this.directory.tenant(slug));
    }
    return tokenPrincipal(credentials, (slug) => this.directory.tenant(slug));
  }

  /** The principal as far as this replica knows it already, with no read at all (null: unknown). */
  async known(credentials: Credentials): Promise<Principal | null> {
    const tenant = async (slug: string) => this.directory.cachedTenant(slug) ?? null;
    const key = credentials.kind === 'api-key' ? this.directory.cachedApiKey(credentials.hash) : undefined;
    const principal = credentials.kind === 'api-key' ? keyPrincipal(key ?? null, tenant) : tokenPrincipal(credentials, tenant);
    return principal.catch(() => null);
  }
}

async function keyPrincipal(key: StoredApiKey | null, findTenant: (slug: string) => Promise<TenantProfile | null>): Promise<Principal> {
  const tenant = key && !key.revoked ? await findTenant(key.tenant) : null;
  if (!key || key.revoked || !tenant) throw new UnauthenticatedError('The API key is unknown or revoked.');
  return { kind: 'api-key', id: key.id, tenant: tenant.slug, tenantTimezone: tenant.timezone };
}

async function tokenPrincipal({ claims, ops }: Extract<Credentials, { kind: 'token' }>, findTenant: (slug: string) => Promise<TenantProfile | null>): Promise<Principal> {
  if (ops) return { kind: 'ops', sub: claims.sub, roles: ['ops'] };
  if (!claims.tenant) throw new UnauthenticatedError('The token names no tenant.');
  const tenant = await findTenant(claims.tenant);
  if (!tenant) throw new UnauthenticatedError(`The token names tenant ${claims.tenant}, which does not exist.`);
  return { kind: 'staff', sub: claims.sub, tenant: tenant.slug, tenantTimezone: tenant.timezone, roles: effectiveRoles(claims.roles) };
}
