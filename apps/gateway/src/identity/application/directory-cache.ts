import { LRUCache } from 'lru-cache';
import { isDatabaseUnavailable } from '#common';

/** lru-cache holds no undefined or null: a miss (no such key or tenant) is held as this. */
const MISSING = Symbol('missing');
type Held<V> = V | typeof MISSING;

export interface DirectoryCacheOptions {
  /** How long a value read from the store is used without asking again (ms). */
  ttlMs: number;
  /** While the store is unreachable, a value checked within this long is still used (ms). */
  staleIfUnavailableMs: number;
  /** The most entries kept; the least recently used go first. Bounds what random keys can make us hold. */
  maxEntries: number;
  now?: () => number;
}

/**
 * An in-process cache in front of PostgreSQL for what every request reads (API keys, tenants),
 * on lru-cache's `fetch`: a hit costs no round trip; an entry older than `ttlMs` is read again
 * (concurrent readers share one query), which is what bounds how long a revocation takes to
 * reach every replica. Misses (null) are cached too, so a flood of unknown keys costs one query
 * per key per TTL.
 *
 * While the database is unreachable an entry checked recently is still served: nothing can be
 * revoked meanwhile either, since revoking writes to that same database. Any other failure of
 * a read is the caller's, and the entry stays for a later outage.
 */
export class DirectoryCache<V extends {}> {
  private readonly lru: LRUCache<string, Held<V>>;

  constructor(load: (key: string) => Promise<V | null>, options: DirectoryCacheOptions) {
    const { ttlMs, staleIfUnavailableMs } = options;
    this.lru = new LRUCache<string, Held<V>>({
      max: options.maxEntries,
      ttl: ttlMs,
      // The clock is read at every check (no 1 ms memo), so a TTL ends when it says.
      ttlResolution: 0,
      perf: options.now ? { now: options.now } : undefined,
      noDeleteOnFetchRejection: true,
      // A key forgotten while it loads (a revocation) still answers the readers waiting on that
      // load, but the load is not stored: the next read asks the database again.
      ignoreFetchAbort: true,
      fetchMethod: async (key, stale, { options: fetch }) => {
        try {
          return (await load(key)) ?? MISSING;
        } catch (error) {
          const checkedAgo = ttlMs - this.lru.getRemainingTTL(key);
          if (stale !== undefined && isDatabaseUnavailable(error) && checkedAgo < staleIfUnavailableMs) fetch.allowStaleOnFetchRejection = true;
          throw error;
        }
      },
    });
  }

  async get(key: string): Promise<V | null> {
    return found(await this.lru.fetch(key));
  }

  /** The value last read for `key`, however old, without reading (undefined: never read or forgotten). */
  peek(key: string): V | null | undefined {
    const held = this.lru.peek(key, { allowStale: true });
    return held === undefined ? undefined : found(held);
  }

  /** Forgets a key at once (this replica's own revocations take effect immediately). */
  delete(key: string): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }
}

function found<V>(held: Held<V> | undefined): V | null {
  return held === undefined || held === MISSING ? null : held;
}
