import { isDatabaseUnavailable } from '#common';

interface Entry<V> {
  value: V;
  checkedAt: number;
}

export interface RevalidatingCacheOptions {
  /** How long a value read from the store is used without asking again (ms). */
  ttlMs: number;
  /** While the store is unreachable, a value checked within this long is still used (ms). */
  staleIfUnavailableMs: number;
  /** The most entries kept; the oldest go first. Bounds what random keys can make us hold. */
  maxEntries: number;
  now?: () => number;
}

/**
 * An in-process cache in front of PostgreSQL for what every request reads (API keys, tenants):
 * a hit costs no round trip; an entry older than `ttlMs` is read again (concurrent readers share
 * one query), which is what bounds how long a revocation takes to reach every replica. Misses
 * (null) are cached too, so a flood of unknown keys costs one query per key per TTL.
 *
 * While the database is unreachable an entry checked recently is still served: nothing can be
 * revoked meanwhile either, since revoking writes to that same database.
 */
export class RevalidatingCache<V> {
  private readonly entries = new Map<string, Entry<V | null>>();
  private readonly loading = new Map<string, Promise<V | null>>();
  private readonly now: () => number;

  constructor(
    private readonly load: (key: string) => Promise<V | null>,
    private readonly options: RevalidatingCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<V | null> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.checkedAt < this.options.ttlMs) return entry.value;
    try {
      return await this.refresh(key);
    } catch (error) {
      if (entry && isDatabaseUnavailable(error) && this.now() - entry.checkedAt < this.options.staleIfUnavailableMs) return entry.value;
      throw error;
    }
  }

  /** The value last read for `key`, however old, without reading (undefined: never read or forgotten). */
  peek(key: string): V | null | undefined {
    return this.entries.get(key)?.value;
  }

  /** Forgets a key at once (this replica's own revocations take effect immediately). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private refresh(key: string): Promise<V | null> {
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(key)
        .then((value) => {
          this.set(key, value);
          return value;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private set(key: string, value: V | null): void {
    this.entries.delete(key);
    this.entries.set(key, { value, checkedAt: this.now() });
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
