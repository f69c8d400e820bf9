import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Counter, Gauge } from 'prom-client';
import { AppError, MetricsService, newId, RedisService } from '#common';
import { Broadcaster } from '#messaging';
import { GatewayConfig } from '../../gateway.config.js';
import { RedisLevel } from './redis-level.js';
import { type CacheCounters, type Level, type Loaded, type ReadResult, TwoLevelCache } from './two-level-cache.js';

/** The broadcast topic of invalidations: `{tenant, origin}`; `tenant: null` drops everything. */
export const READ_CACHE_TOPIC = 'read-cache';

interface InvalidationMessage {
  tenant: string | null;
  origin: string;
}

/** A Redis call of the cache that takes longer than this is given up (the read goes on without it). */
const REDIS_TIMEOUT_MS = 100;
/** Entries filled while invalidation broadcasts are not received live this long at most. */
const DISCONNECTED_TTL_MS = 1000;
const RETRY_PENDING_EVERY_MS = 1000;
/**
 * A write's answer waits (at most this long) until every gateway replica has dropped the
 * tenant's entries, so the client reads its own write on whichever replica it asks next. The
 * wait ends as soon as the last live replica confirms (a replica that died is not counted);
 * the bound is for a replica that is alive but slow, as on a saturated machine, and is waited for.
 */
const CONFIRM_WITHIN_MS = 1000;
/** Writes remembered as invalidated (a few seconds of writes: their events follow within that). */
const COVERED_WRITES = 10_000;
/** Clock difference allowed between the service that stamped an event and this gateway. */
const EVENT_CLOCK_SKEW_MS = 2000;

/**
 * The gateway's read cache of campaigns and events (see two-level-cache.ts for the rules):
 * the in-process level lives here, in the gateway (in split mode a hot read never leaves the
 * gateway process), the shared level in Redis. Invalidation reaches every replica through the
 * Broadcaster; a lost broadcast connection drops the whole in-process level, both when it drops
 * and when it comes back (messages may have been missed in between).
 */
@Injectable()
export class ReadCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadCache');
  private readonly origin = newId();
  private readonly cache: TwoLevelCache;
  /** Request ids of writes this replica invalidated everywhere, and when it began doing so. */
  private readonly covered = new LRUCache<string, number>({ max: COVERED_WRITES });
  private timer: NodeJS.Timeout | undefined;

  constructor(
    config: GatewayConfig,
    redis: RedisService,
    private readonly broadcaster: Broadcaster,
    metrics: MetricsService,
  ) {
    const counters = cacheCounters(metrics);
    this.cache = new TwoLevelCache(
      {
        maxEntries: config.CACHE_MAX_ENTRIES,
        staleIfErrorMs: config.CACHE_STALE_IF_ERROR_MS,
        disconnectedTtlMs: DISCONNECTED_TTL_MS,
        connected: () => broadcaster.live,
        staleAllowed: isUnavailable,
      },
      new RedisLevel(redis.client, (...parts) => redis.key(...parts), REDIS_TIMEOUT_MS, () => counters.redisError()),
      counters,
    );
    const cache = this.cache;
    new Gauge({
      name: 'read_cache_memory_entries',
      help: 'Entries in the in-process level of the read cache',
      registers: [metrics.registry],
      collect() {
        this.set(cache.size);
      },
    });
  }

  onModuleInit(): void {
    this.broadcaster.subscribe<InvalidationMessage>(READ_CACHE_TOPIC, {
      onMessage: (message) => {
        if (!message || message.origin === this.origin) return;
        if (typeof message.tenant === 'string') this.cache.invalidateLocal(message.tenant);
        else this.cache.clear();
      },
      onReset: () => this.cache.clear(),
    });
    this.timer = setInterval(() => {
      if (this.cache.pending > 0) void this.cache.retryPending();
    }, RETRY_PENDING_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  read<T>(tenant: string, key: string, load: () => Promise<Loaded<T>>): Promise<ReadResult<T>> {
    return this.cache.read(tenant, key, load);
  }

  /**
   * After a write of the tenant's campaigns or events, before the answer leaves: here, in
   * Redis, and (by broadcast) in every other replica. Never throws: with Redis away the local
   * level is still dropped, the shared invalidation is retried, and the other replicas drop
   * their whole level when their broadcast connection comes back. A write's request id is
   * remembered once every replica confirmed, so the write's own event does not do it again.
   */
  async invalidate(tenant: string, requestId?: string): Promise<void> {
    const startedAt = Date.now();
    try {
      // One round trip: the generation's INCR and the broadcast go out together on the same
      // connection (RedisService's client), which Redis runs in order, so no replica can be
      // told to drop its entries before the shared level has moved on.
      const [shared, confirmed] = await Promise.all([
        this.cache.invalidate(tenant),
        this.broadcaster.publish<InvalidationMessage>(READ_CACHE_TOPIC, { tenant, origin: this.origin }, { confirmWithinMs: CONFIRM_WITHIN_MS }),
      ]);
      if (shared && confirmed && requestId) this.covered.set(requestId, startedAt);
    } catch (error) {
      this.logger.warn(`invalidating the read cache of ${tenant} failed: ${(error as Error).message}`);
    }
  }

  /**
   * The event path (a domain event of the tenant, stamped `occurredAt` in its transaction):
   * invalidates like a write, unless
   * - this replica invalidated everywhere for the event's request after the event's
   *   transaction began (the write came through here: the usual case in the monolith, and for
   *   one gateway replica in N), or
   * - every entry this replica holds of the tenant was loaded after the change (the writing
   *   replica's invalidation or broadcast reached it, or it started later), in which case the
   *   writer has also moved the shared level on already.
   * Without these a write would be invalidated twice, and a consumer catching up on a backlog
   * would drop the tenant once per old event.
   */
  async invalidateForEvent(tenant: string, occurredAt: number, requestId?: string): Promise<void> {
    if (Number.isFinite(occurredAt)) {
      const coveredAt = requestId === undefined ? undefined : this.covered.get(requestId);
      if (coveredAt !== undefined && coveredAt >= occurredAt) return;
      if (!this.cache.mayHoldOlderThan(tenant, occurredAt, EVENT_CLOCK_SKEW_MS)) return;
    }
    await this.invalidate(tenant);
  }
}

/** The origin is unavailable (service, PostgreSQL, transport): a stale answer beats a 503. */
export function isUnavailable(error: unknown): boolean {
  return error instanceof AppError && (error.kind === 'unavailable' || error.kind === 'timeout');
}

/** prom-client counters per level, their children resolved once (the hot path only increments). */
function cacheCounters(metrics: MetricsService): CacheCounters & { redisError(): void } {
  const registers = [metrics.registry];
  const hits = new Counter({ name: 'read_cache_hits_total', help: 'Read cache hits by level', labelNames: ['level'], registers });
  const misses = new Counter({ name: 'read_cache_misses_total', help: 'Read cache misses by level', labelNames: ['level'], registers });
  const loads = new Counter({ name: 'read_cache_loads_total', help: 'Entries stored into each read cache level', labelNames: ['level'], registers });
  const invalidations = new Counter({ name: 'read_cache_invalidations_total', help: 'Read cache invalidations by level (a tenant, or the whole in-process level)', labelNames: ['level'], registers });
  const origin = new Counter({ name: 'read_cache_origin_loads_total', help: 'Reads the cache passed to the campaigns service', registers });
  const stale = new Counter({ name: 'read_cache_stale_served_total', help: 'Answers served stale because the origin was unavailable', registers });
  const errors = new Counter({ name: 'read_cache_redis_errors_total', help: 'Read cache Redis calls that failed or timed out', registers });
  const per = (counter: Counter<'level'>) => ({ memory: counter.labels('memory'), redis: counter.labels('redis') });
  const h = per(hits);
  const m = per(misses);
  const l = per(loads);
  const i = per(invalidations);
  return {
    hit: (level: Level) => h[level].inc(),
    miss: (level: Level) => m[level].inc(),
    load: (level: Level) => l[level].inc(),
    invalidation: (level: Level) => i[level].inc(),
    origin: () => origin.inc(),
    stale: () => stale.inc(),
    redisError: () => errors.inc(),
  };
}
