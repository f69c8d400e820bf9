import { bounded, type RedisConnection } from '#common';
import type { SharedEntry, SharedLevel } from './two-level-cache.js';

/**
 * Reads the tenant's generation and the entry stored under it in one round trip.
 * KEYS[1] the generation key; ARGV[1], ARGV[2] the entry key around the generation.
 */
const GET_SCRIPT = `
local gen = redis.call('GET', KEYS[1]) or '0'
return {gen, redis.call('GET', ARGV[1] .. gen .. ARGV[2])}
`;

type WithReadCache = RedisConnection & { readCacheGet(genKey: string, before: string, after: string): Promise<[string, string | null]> };

/**
 * The shared level in Redis, under REDIS_PREFIX: `<prefix>:{rc:<tenant>}:gen` (a counter) and
 * `<prefix>:{rc:<tenant>}:v:<gen>:<key>` (JSON, PX = until the entry expires). A tenant's keys
 * share a hash tag: the read script reads its generation and an entry together, which a Redis
 * Cluster allows only within one slot; tenants spread over the cluster. Invalidating a
 * tenant is one INCR: entries of older generations are never read again and expire by
 * themselves. Every call is bounded by `timeoutMs` and settles without throwing, so a Redis
 * outage costs a read one failed attempt (fast: the connection does not queue while down, and
 * a Redis that hangs costs `timeoutMs`).
 */
export class RedisLevel implements SharedLevel {
  private readonly redis: WithReadCache;

  constructor(
    redis: RedisConnection,
    private readonly key: (...parts: string[]) => string,
    private readonly timeoutMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    if (!(redis as unknown as Partial<WithReadCache>).readCacheGet) redis.defineCommand('readCacheGet', { numberOfKeys: 1, lua: GET_SCRIPT });
    this.redis = redis as unknown as WithReadCache;
  }

  async get(tenant: string, key: string): Promise<{ gen: string; entry: SharedEntry | null } | null> {
    const reply = await this.bounded(this.redis.readCacheGet(this.genKey(tenant), `${this.entryKeyBase(tenant)}:`, `:${key}`));
    if (!reply) return null;
    const [gen, raw] = reply;
    if (raw === null) return { gen, entry: null };
    try {
      return { gen, entry: JSON.parse(raw) as SharedEntry };
    } catch {
      return { gen, entry: null };
    }
  }

  async set(tenant: string, gen: string, key: string, entry: SharedEntry, ttlMs: number): Promise<boolean> {
    const done = await this.bounded(this.redis.set(`${this.entryKeyBase(tenant)}:${gen}:${key}`, JSON.stringify(entry), 'PX', Math.max(1, Math.ceil(ttlMs))));
    return done !== null;
  }

  async invalidate(tenant: string): Promise<boolean> {
    return (await this.bounded(this.redis.incr(this.genKey(tenant)))) !== null;
  }

  private genKey(tenant: string): string {
    return this.key(`{rc:${tenant}}`, 'gen');
  }

  private entryKeyBase(tenant: string): string {
    return this.key(`{rc:${tenant}}`, 'v');
  }

  /** Null when the command failed or did not answer within `timeoutMs` (counted by `onError`). */
  private bounded<T>(command: Promise<T>): Promise<T | null> {
    return bounded(command, this.timeoutMs, () => new Error(`no answer from Redis within ${this.timeoutMs} ms`)).catch((error: unknown) => {
      this.onError(error);
      return null;
    });
  }
}
