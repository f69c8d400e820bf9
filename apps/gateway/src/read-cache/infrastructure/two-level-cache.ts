import { LRUCache } from 'lru-cache';

/** An entry as the shared (Redis) level stores it: the service's data and when it expires. */
export interface SharedEntry {
  d: unknown;
  x: number;
}

/**
 * The shared level, behind an interface so the in-process logic is tested without Redis. Every
 * method settles quickly and never rejects: `null` / `false` mean "Redis is not available".
 */
export interface SharedLevel {
  /** The tenant's shared generation and the entry stored under it, if any. */
  get(tenant: string, key: string): Promise<{ gen: string; entry: SharedEntry | null } | null>;
  set(tenant: string, gen: string, key: string, entry: SharedEntry, ttlMs: number): Promise<boolean>;
  /** Moves the tenant to a new shared generation: every entry stored before is unreachable. */
  invalidate(tenant: string): Promise<boolean>;
}

export type Level = 'memory' | 'redis';

export interface CacheCounters {
  hit(level: Level): void;
  miss(level: Level): void;
  /** An entry stored into a level. */
  load(level: Level): void;
  invalidation(level: Level): void;
  /** A load from the campaigns service (the origin). */
  origin(): void;
  stale(): void;
}

export interface CacheEntry<T = unknown> {
  data: T;
  expiresAt: number;
  /** Until when a failed reload is not retried (stale-if-error serves the entry meanwhile). */
  retryAfter?: number;
}

export interface Loaded<T> {
  data: T;
  expiresAt: number;
}

export interface TwoLevelCacheOptions {
  maxEntries: number;
  /** How long past its expiry an entry may still be served while the origin is unavailable. */
  staleIfErrorMs: number;
  /** The TTL of entries filled while broadcasts are not received (another replica's write would go unseen). */
  disconnectedTtlMs: number;
  /** After a failed reload, how long stale answers are served without asking the origin again. */
  retryAfterErrorMs?: number;
  clock?: () => number;
  /** Whether this replica currently receives invalidation broadcasts. */
  connected?: () => boolean;
  /** Which failures of a load allow serving a stale entry (the origin is unavailable, not "no such thing"). */
  staleAllowed?: (error: unknown) => boolean;
}

export interface ReadResult<T> {
  entry: CacheEntry<T>;
  stale: boolean;
}

/** What a load needs besides its key: lru-cache hands it to the fetch that one reader starts. */
interface Fill {
  tenant: string;
  key: string;
  load: () => Promise<Loaded<unknown>>;
}

/**
 * The read cache: an in-process LRU level in front of a shared level, keyed by tenant and key.
 *
 * Invalidation is by generation. Each tenant has a local generation (bumped by a local write
 * or a broadcast from another replica) and a shared one in Redis (bumped by the writing
 * replica). The in-process key holds the local generation (and the epoch of the last `clear`),
 * so an entry is served only under the generation it was loaded under, and a read that starts
 * after an invalidation never joins a load that started before it. lru-cache's `fetch` makes
 * loads single-flight per key; a load whose key is no longer current when it ends (or whose
 * answer has already expired) is handed to its readers but not kept, so a load racing a write
 * can never bring back what the write replaced. Expired entries stay in the LRU (bounded) for
 * stale-if-error.
 */
export class TwoLevelCache {
  private readonly memory: LRUCache<string, CacheEntry, Fill>;
  private readonly gens = new Map<string, number>();
  private epoch = 0;
  /** When each tenant's in-process entries were last all dropped (every entry held now was loaded after). */
  private readonly invalidatedAt = new Map<string, number>();
  private clearedAt: number;
  private readonly pendingShared = new Set<string>();
  private readonly clock: () => number;
  private readonly connected: () => boolean;
  private readonly staleAllowed: (error: unknown) => boolean;
  private readonly retryAfterErrorMs: number;

  constructor(
    private readonly options: TwoLevelCacheOptions,
    private readonly shared: SharedLevel,
    private readonly counters: CacheCounters,
  ) {
    // No lru-cache TTL: an entry ends at the instant it carries (the tenant's next start or
    // end), checked in `read`; a TTL counted from when lru-cache stores it would end it late.
    this.memory = new LRUCache<string, CacheEntry, Fill>({
      max: options.maxEntries,
      fetchMethod: (full, _stale, { context }) => this.fill(full, context),
      // A failed reload keeps the entry it was replacing: stale-if-error may still serve it.
      noDeleteOnFetchRejection: true,
      // A load whose key is dropped while it runs (clear, eviction, or `fill` itself) still
      // answers the readers waiting on it; it is only not stored.
      ignoreFetchAbort: true,
      onInsert: () => counters.load('memory'),
    });
    this.clock = options.clock ?? Date.now;
    this.connected = options.connected ?? (() => true);
    this.staleAllowed = options.staleAllowed ?? (() => false);
    this.retryAfterErrorMs = options.retryAfterErrorMs ?? 1000;
    this.clearedAt = this.clock();
  }

  /**
   * Whether a change that happened at `occurredAt` may still be missing from what this replica
   * holds of the tenant: false once every entry it holds was loaded after that change (plus
   * `skewMs` for clocks of different hosts). Lets the event path skip redundant invalidations
   * (the writing replica already invalidated; a consumer catching up on a backlog would
   * otherwise drop the tenant once per old event).
   */
  mayHoldOlderThan(tenant: string, occurredAt: number, skewMs: number): boolean {
    const since = Math.max(this.invalidatedAt.get(tenant) ?? 0, this.clearedAt);
    return occurredAt + skewMs >= since;
  }

  /** The in-process key of (tenant, key) under the current generation: it changes with every invalidation. */
  private memoryKey(tenant: string, key: string): string {
    return `${this.epoch}:${this.gens.get(tenant) ?? 0}\n${tenant}\n${key}`;
  }

  async read<T>(tenant: string, key: string, load: () => Promise<Loaded<T>>): Promise<ReadResult<T>> {
    const full = this.memoryKey(tenant, key);
    const now = this.clock();
    // While a reload runs, lru-cache answers the entry it replaces (expired, so not a hit).
    const cached = this.memory.get(full) as CacheEntry<T> | undefined;
    if (cached && now < cached.expiresAt) {
      this.counters.hit('memory');
      return { entry: cached, stale: false };
    }
    this.counters.miss('memory');
    if (cached?.retryAfter !== undefined && now < cached.retryAfter && now < cached.expiresAt + this.options.staleIfErrorMs) {
      this.counters.stale();
      return { entry: cached, stale: true };
    }
    try {
      const entry = (await this.memory.fetch(full, { forceRefresh: true, context: { tenant, key, load } })) as CacheEntry<T>;
      return { entry, stale: false };
    } catch (error) {
      const at = this.clock();
      if (cached && this.staleAllowed(error) && at < cached.expiresAt + this.options.staleIfErrorMs && this.memoryKey(tenant, key) === full) {
        cached.retryAfter = at + this.retryAfterErrorMs;
        this.counters.stale();
        return { entry: cached, stale: true };
      }
      throw error;
    }
  }

  private async fill(full: string, { tenant, key, load }: Fill): Promise<CacheEntry> {
    let loaded: Loaded<unknown>;
    const shared = await this.shared.get(tenant, key);
    if (shared?.entry && shared.entry.x > this.clock()) {
      this.counters.hit('redis');
      loaded = { data: shared.entry.d, expiresAt: shared.entry.x };
    } else {
      if (shared) this.counters.miss('redis');
      this.counters.origin();
      loaded = await load();
      const ttl = loaded.expiresAt - this.clock();
      if (shared && ttl > 0) {
        // Not awaited: the answer does not wait for the shared level.
        void this.shared.set(tenant, shared.gen, key, { d: loaded.data, x: loaded.expiresAt }, ttl).then((ok) => ok && this.counters.load('redis'));
      }
    }
    const now = this.clock();
    const expiresAt = this.connected() ? loaded.expiresAt : Math.min(loaded.expiresAt, now + this.options.disconnectedTtlMs);
    // Not to be kept: dropping its own key makes lru-cache answer it without storing it.
    if (expiresAt <= now || this.memoryKey(tenant, key) !== full) this.memory.delete(full);
    return { data: loaded.data, expiresAt };
  }

  /** Drops the tenant's in-process entries (a broadcast from another replica, or a local write). */
  invalidateLocal(tenant: string): void {
    this.gens.set(tenant, (this.gens.get(tenant) ?? 0) + 1);
    this.invalidatedAt.set(tenant, this.clock());
    this.counters.invalidation('memory');
  }

  /**
   * Drops the tenant's entries here and in the shared level; retried later if Redis is away.
   * True when the shared level moved on now.
   */
  async invalidate(tenant: string): Promise<boolean> {
    this.invalidateLocal(tenant);
    if (await this.shared.invalidate(tenant)) {
      this.counters.invalidation('redis');
      this.pendingShared.delete(tenant);
      return true;
    }
    this.pendingShared.add(tenant);
    return false;
  }

  /** Shared invalidations that failed while Redis was away: tried again (called on a timer). */
  async retryPending(): Promise<void> {
    for (const tenant of [...this.pendingShared]) {
      if (!(await this.shared.invalidate(tenant))) return;
      this.pendingShared.delete(tenant);
      this.counters.invalidation('redis');
    }
  }

  get pending(): number {
    return this.pendingShared.size;
  }

  /** Drops every in-process entry (broadcasts may have been missed). */
  clear(): void {
    this.epoch++;
    this.clearedAt = this.clock();
    this.memory.clear();
    this.counters.invalidation('memory');
  }

  get size(): number {
    return this.memory.size;
  }
}
