import { LRUCache } from 'lru-cache';
import type { RedisConnection } from '#common';
import type { Reply } from '../envelope.js';

/**
 * What one attempt of an idempotent request leaves under its key: which attempt holds it
 * (`owner`), for whom (`actor`) and on what body (`body`, a hash), and once it succeeded its
 * `reply`. Without a reply it is a claim, held for a lease only (see ReplyMemory).
 */
export interface Claim {
  owner: string;
  actor: string;
  body: string;
  reply?: Reply;
}

/**
 * Takes the key unless something holds it. ARGV[1] the claim (JSON), ARGV[2] its lease (ms).
 * Returns what holds the key, or nil once this claim holds it: of attempts racing for a free
 * (or expired) key exactly one gets nil.
 */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`;

/**
 * Settles the key if ARGV[1] still owns it (or nobody does): ARGV[2] the record to keep for
 * ARGV[3] ms, or '' to forget it. Returns 0 when another attempt took the key over.
 */
const SETTLE = `
local holder = redis.call('GET', KEYS[1])
if holder and cjson.decode(holder).owner ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
`;

type WithClaims = RedisConnection & {
  replyClaim(key: string, claim: string, leaseMs: number): Promise<string | null>;
  replySettle(key: string, owner: string, record: string, ttlMs: number): Promise<number>;
};

/** Claims in Redis, seen by every replica. Rejects when Redis does not answer. */
export class RedisClaims {
  private readonly redis: WithClaims;

  constructor(redis: RedisConnection) {
    if (!(redis as unknown as Partial<WithClaims>).replyClaim) {
      redis.defineCommand('replyClaim', { numberOfKeys: 1, lua: CLAIM });
      redis.defineCommand('replySettle', { numberOfKeys: 1, lua: SETTLE });
    }
    this.redis = redis as unknown as WithClaims;
  }

  async claim(key: string, claim: Claim, leaseMs: number): Promise<Claim | null> {
    const holder = await this.redis.replyClaim(key, JSON.stringify(claim), positive(leaseMs));
    return holder === null ? null : (JSON.parse(holder) as Claim);
  }

  /** False when another attempt holds the key. */
  async settle(key: string, owner: string, done: Claim | null, ttlMs: number): Promise<boolean> {
    return (await this.redis.replySettle(key, owner, done ? JSON.stringify(done) : '', positive(ttlMs))) === 1;
  }
}

/** The same claims in this process's memory (bounded: the least recently used go first). */
export class LocalClaims {
  private readonly entries: LRUCache<string, Claim>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  holder(key: string): Claim | undefined {
    return this.entries.get(key);
  }

  claim(key: string, claim: Claim, leaseMs: number): Claim | null {
    const holder = this.entries.get(key);
    if (holder) return holder;
    this.entries.set(key, claim, { ttl: positive(leaseMs) });
    return null;
  }

  settle(key: string, owner: string, done: Claim | null, ttlMs: number): void {
    const holder = this.entries.get(key);
    if (holder && holder.owner !== owner) return;
    if (done) this.entries.set(key, done, { ttl: positive(ttlMs) });
    else this.entries.delete(key);
  }
}

function positive(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
