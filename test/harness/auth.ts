import { randomBytes } from 'node:crypto';
import { signStaffToken } from '../../apps/gateway/src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../../apps/gateway/src/gateway.config.js';
import type { Product } from './product.js';

/**
 * Credentials for e2e tests, signed with the development secret the product uses when
 * JWT_SECRET is unset (as in Product.start()). Every helper returns plain values so tests read
 * as HTTP: `product.request('GET', path, { headers: bearer(await staffToken(...)) })`.
 */
export type StaffRole = 'viewer' | 'editor' | 'admin' | 'ops';

export const DEV_JWT_SECRET = DEVELOPMENT_JWT_SECRET;

export interface StaffTokenOptions {
  tenant?: string | null;
  roles?: StaffRole[];
  sub?: string;
  /** Seconds until it expires (negative: already expired). Default 1 h. */
  expiresInS?: number;
  secret?: string;
  issuer?: string;
  audience?: string;
}

/** A staff token: by default an admin of `tenant`. */
export function staffToken({ tenant = null, roles = ['admin'], sub, expiresInS = 3600, secret = DEV_JWT_SECRET, issuer, audience }: StaffTokenOptions = {}): Promise<string> {
  return signStaffToken(secret, { sub: sub ?? `${roles.join('+')}@${tenant ?? 'ops'}`, roles, tenant }, { expiresInS, issuer, audience });
}

/** An operator's token (no tenant). */
export function opsToken(sub = 'ops@platform'): Promise<string> {
  return staffToken({ roles: ['ops'], sub });
}

/** A token that expired a minute ago (beyond the clock tolerance). */
export function expiredToken(tenant: string, roles: StaffRole[] = ['admin']): Promise<string> {
  return staffToken({ tenant, roles, expiresInS: -60 });
}

/** A well-formed token signed with another secret. */
export function wrongSignatureToken(tenant: string, roles: StaffRole[] = ['admin']): Promise<string> {
  return staffToken({ tenant, roles, secret: 'x'.repeat(16) + randomBytes(16).toString('hex') });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function apiKeyHeader(key: string): Record<string, string> {
  return { 'x-api-key': key };
}

let counter = 0;

/** A fresh, unique tenant slug. */
export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;
}

export interface CreatedTenant {
  slug: string;
  name: string;
  timezone: string;
  createdAt: string;
}

/** Creates a tenant through the ops API (fails the test on anything but 201). */
export async function createTenant(product: Product, slug = uniqueSlug(), timezone = 'Europe/Istanbul'): Promise<CreatedTenant> {
  const res = await product.request('POST', '/v1/admin/tenants', { headers: bearer(await opsToken()), body: { slug, name: `Center ${slug}`, timezone } });
  if (res.status !== 201) throw new Error(`createTenant(${slug}) answered ${res.status}: ${res.text}`);
  return res.body as CreatedTenant;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  createdAt: string;
}

/** Issues an API key for the tenant through the ops API. */
export async function createApiKey(product: Product, slug: string, name = 'test app'): Promise<CreatedApiKey> {
  const res = await product.request('POST', `/v1/admin/tenants/${slug}/api-keys`, { headers: bearer(await opsToken()), body: { name } });
  if (res.status !== 201) throw new Error(`createApiKey(${slug}) answered ${res.status}: ${res.text}`);
  return res.body as CreatedApiKey;
}

/** Everything a test needs to act as each kind of caller of one tenant (and one other tenant). */
export interface TenantCredentials {
  tenant: CreatedTenant;
  apiKey: CreatedApiKey;
  headers: {
    apiKey: Record<string, string>;
    viewer: Record<string, string>;
    editor: Record<string, string>;
    admin: Record<string, string>;
    ops: Record<string, string>;
  };
}

/** A new tenant with an API key and a token per role. */
export async function tenantWithCredentials(product: Product, slug = uniqueSlug()): Promise<TenantCredentials> {
  const tenant = await createTenant(product, slug);
  const apiKey = await createApiKey(product, slug);
  return {
    tenant,
    apiKey,
    headers: {
      apiKey: apiKeyHeader(apiKey.key),
      viewer: bearer(await staffToken({ tenant: slug, roles: ['viewer'] })),
      editor: bearer(await staffToken({ tenant: slug, roles: ['editor'] })),
      admin: bearer(await staffToken({ tenant: slug, roles: ['admin'] })),
      ops: bearer(await opsToken()),
    },
  };
}
