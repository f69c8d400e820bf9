import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RedisService } from '#common';
import { GatewayConfig } from '../gateway.config.js';
import { RateLimitPolicy, TakeResult, TokenBucket } from './token-bucket.js';

export type LimitKind = 'api-key' | 'staff' | 'anonymous';

interface Tracked {
  bucket: TokenBucket;
  /** Requests taken here since the last sync. */
  pending: number;
  /** The deployment-wide counter as last read from Redis (null: not read yet). */
  seenTotal: number | null;
}

const COUNTER_TTL_S = 120;
/** Buckets kept per replica; past it the least recently used (the most idle, nearly full) go first. */
export const MAX_TRACKED = 200_000;

/**
 * Rate limits shared by every gateway replica without a Redis round trip per request.
 *
 * Why not @nestjs/throttler with a Redis storage: throttler 6 accepts Nest 12, but its storage
 * interface is asked on every request (`increment()` awaited in the guard), so any Redis
 * storage puts a Redis round trip on the hot path, which the contract rules out, and it counts
 * fixed windows where the contract speaks of a rate with a burst. So:
 *
 * - each replica keeps a token bucket per principal in memory and decides alone (no I/O);
 * - every RATE_LIMIT_SYNC_MS it adds what it took to one Redis counter per bucket (INCRBY,
 *   pipelined) and reads back the total, and takes from its bucket what the other replicas
 *   spent meanwhile. The deployment-wide rate is therefore held within one sync interval;
 * - a replica that sees a key for the first time starts from a full bucket and from the
 *   counter's current total: what others spent before is not charged (it cannot tell how long
 *   ago it was). So the deployment can overshoot by at most one burst per replica, once per key
 *   that a replica had forgotten (buckets are forgotten when full, i.e. idle, or when the table
 *   is full, least recently used first: a flood of new addresses or keys never resets the
 *   buckets of busy callers);
 * - when Redis is down, sync fails quietly and each replica goes on limiting alone: requests
 *   are never refused because Redis is away (the limit is open, not closed).
 */
@Injectable()
export class RateLimiter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimiter');
  private readonly tracked: LRUCache<string, Tracked>;
  private readonly policies: Record<LimitKind, RateLimitPolicy>;
  private timer: NodeJS.Timeout | undefined;
  private syncing = false;
  private lastWarning = 0;
  readonly enabled: boolean;

  constructor(
    config: GatewayConfig,
    private readonly redis: RedisService,
  ) {
    this.enabled = config.RATE_LIMIT === 'on';
    this.policies = {
      'api-key': { perSecond: config.RATE_LIMIT_API_KEY_PER_S, burst: config.RATE_LIMIT_API_KEY_BURST },
      staff: { perSecond: config.RATE_LIMIT_STAFF_PER_S, burst: config.RATE_LIMIT_STAFF_BURST },
      anonymous: { perSecond: config.RATE_LIMIT_ANONYMOUS_PER_S, burst: config.RATE_LIMIT_ANONYMOUS_BURST },
    };
    this.syncEveryMs = config.RATE_LIMIT_SYNC_MS;
    this.tracked = new LRUCache({ max: MAX_TRACKED });
  }

  private readonly syncEveryMs: number;

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => void this.sync(), this.syncEveryMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Takes one request from the bucket of `key`; null when rate limits are off. */
  take(kind: LimitKind, key: string, now = Date.now()): TakeResult | null {
    if (!this.enabled) return null;
    const id = `${kind}:${key}`;
    let tracked = this.tracked.get(id);
    if (!tracked) {
      tracked = { bucket: new TokenBucket(this.policies[kind], now), pending: 0, seenTotal: null };
      this.tracked.set(id, tracked);
    }
    const result = tracked.bucket.take(now);
    if (result.allowed) tracked.pending += 1;
    return result;
  }

  /** Whether `key` may make a request now, taking nothing; null when rate limits are off. */
  peek(kind: LimitKind, key: string, now = Date.now()): TakeResult | null {
    if (!this.enabled) return null;
    const tracked = this.tracked.peek(`${kind}:${key}`);
    return tracked ? tracked.bucket.peek(now) : new TokenBucket(this.policies[kind], now).peek(now);
  }

  /** One exchange with Redis; public so tests can force it. */
  async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const now = Date.now();
      const batch = [...this.tracked.entries()].filter(([, t]) => t.pending > 0 || t.seenTotal !== null);
      if (batch.length > 0) await this.exchange(batch, now);
      this.sweep(now);
    } catch (error) {
      this.warn(error as Error);
    } finally {
      this.syncing = false;
    }
  }

  private async exchange(batch: Array<[string, Tracked]>, now: number): Promise<void> {
    const pipeline = this.redis.client.pipeline();
    const sent = batch.map(([id, t]) => {
      // One hash tag for every counter: a sync is one pipeline, which a Redis Cluster takes
      // only when all its keys are in one slot (a sync is one call per RATE_LIMIT_SYNC_MS and replica).
      const key = this.redis.key('{ratelimit}', id);
      pipeline.incrby(key, t.pending).expire(key, COUNTER_TTL_S);
      const amount = t.pending;
      t.pending = 0;
      return amount;
    });
    let replies: Array<[Error | null, unknown]> | null;
    try {
      replies = await pipeline.exec();
    } catch (error) {
      // Not counted anywhere: give the requests back to `pending` so the next sync carries them.
      batch.forEach(([, t], i) => (t.pending += sent[i]!));
      throw error;
    }
    batch.forEach(([, t], i) => {
      const [error, total] = replies?.[i * 2] ?? [new Error('no reply'), null];
      if (error || typeof total !== 'number') return;
      const mine = sent[i]!;
      if (t.seenTotal !== null && total >= t.seenTotal + mine) t.bucket.absorb(total - t.seenTotal - mine, now);
      t.seenTotal = total;
    });
  }

  /** Forgets buckets that are full and have nothing to report: they are as good as new. */
  private sweep(now: number): void {
    for (const [id, t] of this.tracked.entries()) {
      if (t.pending === 0 && t.bucket.isFull(now)) this.tracked.delete(id);
    }
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < 30_000) return;
    this.lastWarning = now;
    this.logger.warn(`rate limits are not shared while Redis does not answer (${error.message}); each replica limits alone`);
  }
}
