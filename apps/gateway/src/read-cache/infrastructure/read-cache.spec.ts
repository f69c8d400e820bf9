import { describe, expect, it } from '@jest/globals';
import { listKey, resourceKey } from './cache-keys.js';
import { boundaryMs, expiryOf } from './time-bounds.js';
import { type CacheCounters, type Loaded, type SharedEntry, type SharedLevel, TwoLevelCache } from './two-level-cache.js';

describe('time bounds', () => {
  it('ends an entry at the earlier of its TTL and the next boundary', () => {
    expect(expiryOf(1000, 30_000, null)).toBe(31_000);
    expect(expiryOf(1000, 30_000, 5000)).toBe(5000);
    expect(expiryOf(1000, 30_000, 90_000)).toBe(31_000);
    expect(expiryOf(1000, 0, 5000)).toBe(1000);
  });

  it('reads a boundary instant', () => {
    expect(boundaryMs(null)).toBeNull();
    expect(boundaryMs('2030-01-01T00:00:00.000Z')).toBe(Date.UTC(2030, 0, 1));
    expect(boundaryMs('garbage')).toBeNull();
  });
});

describe('cache keys', () => {
  it('normalizes a list request: defaults and order do not matter, cache-busters are already gone', () => {
    expect(listKey('campaigns', { limit: 50 })).toBe('campaigns|l=50');
    expect(listKey('campaigns', { q: 'x', status: 'live', limit: 10 })).toBe(listKey('campaigns', { limit: 10, status: 'live', q: 'x' }));
    expect(listKey('campaigns', { limit: 10, q: 'a|s=live' })).not.toBe(listKey('campaigns', { limit: 10, q: 'a', status: 'live' }));
    expect(listKey('campaign.events', { limit: 5, id: 'ABC' })).toBe('campaign.events|l=5|id=abc');
  });

  it('makes one key of one resource whatever the letter case of its id', () => {
    expect(resourceKey('campaign', '0190A4B2-0000-7000-8000-000000000000')).toBe(resourceKey('campaign', '0190a4b2-0000-7000-8000-000000000000'));
    expect(resourceKey('campaign', 'a')).not.toBe(resourceKey('event', 'a'));
  });
});

class MemoryShared implements SharedLevel {
  gens = new Map<string, number>();
  values = new Map<string, SharedEntry>();
  up = true;
  async get(tenant: string, key: string) {
    if (!this.up) return null;
    const gen = String(this.gens.get(tenant) ?? 0);
    return { gen, entry: this.values.get(`${tenant}:${gen}:${key}`) ?? null };
  }
  async set(tenant: string, gen: string, key: string, entry: SharedEntry) {
    if (!this.up) return false;
    this.values.set(`${tenant}:${gen}:${key}`, entry);
    return true;
  }
  async invalidate(tenant: string) {
    if (!this.up) return false;
    this.gens.set(tenant, (this.gens.get(tenant) ?? 0) + 1);
    return true;
  }
}

function counting(): CacheCounters & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const add = (name: string) => () => void (counts[name] = (counts[name] ?? 0) + 1);
  return {
    counts,
    hit: (level) => add(`hit.${level}`)(),
    miss: (level) => add(`miss.${level}`)(),
    load: (level) => add(`load.${level}`)(),
    invalidation: (level) => add(`invalidation.${level}`)(),
    origin: add('origin'),
    stale: add('stale'),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('two-level cache', () => {
  const setup = (overrides: { connected?: boolean } = {}) => {
    let now = 1_000_000;
    const shared = new MemoryShared();
    const counters = counting();
    const cache = new TwoLevelCache(
      { maxEntries: 100, staleIfErrorMs: 10_000, disconnectedTtlMs: 1000, clock: () => now, connected: () => overrides.connected ?? true, staleAllowed: (e) => (e as Error).message === 'down' },
      shared,
      counters,
    );
    return { cache, shared, counters, advance: (ms: number) => (now += ms), now: () => now };
  };

  it('loads once, then answers from memory until the entry expires', async () => {
    const { cache, counters, advance, now } = setup();
    let loads = 0;
    const load = async () => ({ data: ++loads, expiresAt: now() + 5000 });
    expect((await cache.read('t', 'k', load)).entry.data).toBe(1);
    expect((await cache.read('t', 'k', load)).entry.data).toBe(1);
    advance(5000);
    expect((await cache.read('t', 'k', load)).entry.data).toBe(2);
    expect(counters.counts).toMatchObject({ 'hit.memory': 1, 'miss.memory': 2, origin: 2, 'load.memory': 2 });
  });

  it('shares one load between concurrent readers; a failed load is shared, then forgotten', async () => {
    const { cache, counters, now } = setup();
    let release!: () => void;
    const slow = () => new Promise<Loaded<string>>((resolve) => (release = () => resolve({ data: 'x', expiresAt: now() + 5000 })));
    const reads = [cache.read('t', 'k', slow), cache.read('t', 'k', slow)];
    await tick();
    release();
    expect((await Promise.all(reads)).map((r) => r.entry.data)).toEqual(['x', 'x']);
    expect(counters.counts.origin).toBe(1);
    const boom = async (): Promise<Loaded<string>> => {
      throw new Error('boom');
    };
    await expect(Promise.all([cache.read('t', 'j', boom), cache.read('t', 'j', boom)])).rejects.toThrow('boom');
    expect(counters.counts.origin).toBe(2);
    expect((await cache.read('t', 'j', async () => ({ data: 'y', expiresAt: now() + 5000 }))).entry.data).toBe('y');
  });

  it('fills memory from Redis when another replica loaded it', async () => {
    const { cache, shared, counters, now } = setup();
    await shared.set('t', '0', 'k', { d: 'from redis', x: now() + 5000 });
    const result = await cache.read('t', 'k', async () => ({ data: 'origin', expiresAt: now() + 5000 }));
    expect(result.entry.data).toBe('from redis');
    expect(counters.counts['hit.redis']).toBe(1);
    expect(counters.counts.origin).toBeUndefined();
  });

  it('drops a tenant on invalidation, in memory and in Redis, and leaves other tenants', async () => {
    const { cache, now } = setup();
    let version = 1;
    const load = async () => ({ data: version, expiresAt: now() + 60_000 });
    await cache.read('t', 'k', load);
    await cache.read('u', 'k', load);
    version = 2;
    await cache.invalidate('t');
    expect((await cache.read('t', 'k', load)).entry.data).toBe(2);
    expect((await cache.read('u', 'k', load)).entry.data).toBe(1);
  });

  it('never stores what a load that raced an invalidation brought back', async () => {
    const { cache, now } = setup();
    let release!: () => void;
    const slow = () => new Promise<{ data: string; expiresAt: number }>((resolve) => (release = () => resolve({ data: 'before the write', expiresAt: now() + 60_000 })));
    const racing = cache.read('t', 'k', slow);
    await tick();
    await cache.invalidate('t');
    // A read after the write does not join the racing load.
    const after = cache.read('t', 'k', async () => ({ data: 'after the write', expiresAt: now() + 60_000 }));
    release();
    expect((await racing).entry.data).toBe('before the write');
    expect((await after).entry.data).toBe('after the write');
    expect((await cache.read('t', 'k', async () => ({ data: 'third', expiresAt: now() + 60_000 }))).entry.data).toBe('after the write');
  });

  it('drops every in-process entry on clear (broadcast connection reset); Redis still answers', async () => {
    const { cache, counters, now } = setup();
    let n = 0;
    const load = async () => ({ data: ++n, expiresAt: now() + 60_000 });
    await cache.read('t', 'k', load);
    cache.clear();
    expect(cache.size).toBe(0);
    expect((await cache.read('t', 'k', load)).entry.data).toBe(1);
    expect(counters.counts).toMatchObject({ 'hit.redis': 1, origin: 1 });
  });

  it('answers with Redis down (memory, then the origin) and retries the shared invalidation later', async () => {
    const { cache, shared, now } = setup();
    shared.up = false;
    let n = 0;
    const load = async () => ({ data: ++n, expiresAt: now() + 60_000 });
    expect((await cache.read('t', 'k', load)).entry.data).toBe(1);
    expect((await cache.read('t', 'k', load)).entry.data).toBe(1);
    await cache.invalidate('t');
    expect(cache.pending).toBe(1);
    shared.up = true;
    await cache.retryPending();
    expect(cache.pending).toBe(0);
    expect(shared.gens.get('t')).toBe(1);
  });

  it('keeps entries short while broadcasts are not received', async () => {
    const { cache, counters, advance, now } = setup({ connected: false });
    let n = 0;
    const load = async () => ({ data: ++n, expiresAt: now() + 60_000 });
    await cache.read('t', 'k', load);
    advance(999);
    await cache.read('t', 'k', load);
    expect(counters.counts['hit.memory']).toBe(1);
    advance(1);
    await cache.read('t', 'k', load);
    expect(counters.counts['miss.memory']).toBe(2);
  });

  it('serves an expired entry as stale while the origin is unavailable, for a bounded time only', async () => {
    const { cache, counters, advance, now } = setup();
    await cache.read('t', 'k', async () => ({ data: 'cached', expiresAt: now() + 1000 }));
    const down = async (): Promise<{ data: string; expiresAt: number }> => {
      throw new Error('down');
    };
    advance(2000);
    expect(await cache.read('t', 'k', down)).toMatchObject({ entry: { data: 'cached' }, stale: true });
    advance(9000);
    await expect(cache.read('t', 'k', down)).rejects.toThrow('down');
    expect(counters.counts.stale).toBe(1);
  });

  it('never serves stale what a write invalidated, nor on errors that are not unavailability', async () => {
    const { cache, advance, now } = setup();
    await cache.read('t', 'k', async () => ({ data: 'cached', expiresAt: now() + 1000 }));
    advance(2000);
    await expect(cache.read('t', 'k', async () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    await cache.invalidate('t');
    await expect(cache.read('t', 'k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });

  it('tells whether an event may be newer than what it holds (redundant event invalidations are skipped)', async () => {
    const { cache, advance, now } = setup();
    const startedAt = now();
    expect(cache.mayHoldOlderThan('t', startedAt - 60_000, 2000)).toBe(false); // a backlog event from before the start
    expect(cache.mayHoldOlderThan('t', startedAt - 1000, 2000)).toBe(true); // within the clock skew
    advance(10_000);
    expect(cache.mayHoldOlderThan('t', now() - 5000, 2000)).toBe(true);
    cache.invalidateLocal('t');
    expect(cache.mayHoldOlderThan('t', now() - 5000, 2000)).toBe(false);
    expect(cache.mayHoldOlderThan('u', now() - 5000, 2000)).toBe(true);
  });

  it('does not store an entry that is already expired', async () => {
    const { cache, now } = setup();
    let n = 0;
    const load = async () => ({ data: ++n, expiresAt: now() - 1 });
    await cache.read('t', 'k', load);
    expect((await cache.read('t', 'k', load)).entry.data).toBe(2);
    expect(cache.size).toBe(0);
  });
});
