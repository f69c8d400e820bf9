import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '#common';
import { GatewayConfig } from '../../gateway.config.js';
import type { TenantProfile } from '../domain/tenant.js';
import { ApiKeyStore, type StoredApiKey } from './api-key-store.port.js';
import { DirectoryCache } from './directory-cache.js';
import { TenantStore } from './tenant-store.port.js';

const STALE_IF_UNAVAILABLE_MS = 10 * 60_000;
const LAST_USED_EVERY_MS = 60_000;

/**
 * What authentication reads on every request, from the in-process caches: a key by its hash,
 * a tenant by its slug. Each entry is checked against PostgreSQL again after
 * IDENTITY_CACHE_TTL_MS (1 s by default), so a revoked key stops working on every replica
 * within that plus one query (the contract says 2 s). A Redis broadcast of revocations can
 * shorten it later without changing callers.
 */
@Injectable()
export class IdentityDirectory {
  private readonly logger = new Logger('IdentityDirectory');
  private readonly keys: DirectoryCache<StoredApiKey>;
  private readonly tenants: DirectoryCache<TenantProfile>;
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly apiKeys: ApiKeyStore,
    tenantStore: TenantStore,
    config: GatewayConfig,
    metrics: MetricsService,
  ) {
    const reads = new Counter({ name: 'identity_reads_total', help: 'API keys and tenants read from PostgreSQL (identity cache misses and revalidations)', labelNames: ['kind'], registers: [metrics.registry] });
    const options = { ttlMs: config.IDENTITY_CACHE_TTL_MS, staleIfUnavailableMs: STALE_IF_UNAVAILABLE_MS };
    const counted = <V>(kind: string, load: (key: string) => Promise<V>) => (key: string) => {
      reads.inc({ kind });
      return load(key);
    };
    this.keys = new DirectoryCache(counted('api-key', (hash) => apiKeys.findByHash(hash)), { ...options, maxEntries: 50_000 });
    this.tenants = new DirectoryCache(counted('tenant', (slug) => tenantStore.findBySlug(slug)), { ...options, maxEntries: 10_000 });
  }

  /** The live (not revoked) key with this hash, or null. */
  async apiKey(hash: string): Promise<StoredApiKey | null> {
    const stored = await this.keys.get(hash);
    if (!stored || stored.revoked) return null;
    this.touch(stored.id);
    return stored;
  }

  tenant(slug: string): Promise<TenantProfile | null> {
    return this.tenants.get(slug);
  }

  /** The key as this replica last read it, without reading (undefined: never read here). */
  cachedApiKey(hash: string): StoredApiKey | null | undefined {
    return this.keys.peek(hash);
  }

  cachedTenant(slug: string): TenantProfile | null | undefined {
    return this.tenants.peek(slug);
  }

  /** This replica forgets a key at once when it revokes it; the others within the TTL. */
  forgetApiKeys(): void {
    // Revocation knows the key's id, not its hash; clearing is cheap and rare (keys are re-read once).
    this.keys.clear();
  }

  forgetTenant(slug: string): void {
    this.tenants.delete(slug);
  }

  /** last_used_at: written in the background, at most once a minute per key from this replica. */
  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastTouched.set(id, now);
    if (this.lastTouched.size > 50_000) this.lastTouched.clear();
    void this.apiKeys.touch(id).catch((error: Error) => this.logger.warn(`could not record the use of API key ${id}: ${error.message}`));
  }
}
