import type { Tenant, TimeIdKey } from '#common';
import type { ApiKeyView } from '../domain/api-key.js';

/** What authentication needs of a key, found by its hash. */
export interface StoredApiKey {
  id: string;
  tenant: string;
  revoked: boolean;
}

/**
 * API keys. Every read of a tenant's keys takes a Tenant and filters on it, so a key of another
 * tenant is simply not found (404), whatever the caller checked or forgot to check. The one
 * unscoped read is the lookup by hash, which is how a key finds its tenant.
 */
export abstract class ApiKeyStore {
  abstract insert(tenant: Tenant, key: { id: string; name: string; keyHash: string; createdAt: Date }): Promise<void>;
  /** Newest first; `after` is the (createdAt, id) of the last key of the previous page. */
  abstract list(tenant: Tenant, limit: number, after: TimeIdKey | null): Promise<ApiKeyView[]>;
  /** Marks the key revoked (once); null when the tenant has no such key. */
  abstract revoke(tenant: Tenant, id: string): Promise<StoredApiKey | null>;
  abstract findByHash(keyHash: string): Promise<StoredApiKey | null>;
  /** Records use, at most once a minute per key across every replica. */
  abstract touch(id: string): Promise<void>;
}
