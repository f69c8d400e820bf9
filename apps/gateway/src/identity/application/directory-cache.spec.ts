import { describe, expect, it } from '@jest/globals';
import { DirectoryCache } from './directory-cache.js';

describe('directory cache', () => {
  // lru-cache reads a start of 0 as "no TTL": the test clock starts later.
  const T0 = 1_000_000;

  it('serves hits without loading, re-reads after the TTL, shares concurrent loads, caches misses', async () => {
    let now = T0;
    let loads = 0;
    let value: string | null = 'v1';
    const cache = new DirectoryCache<string>(async () => (loads++, value), { ttlMs: 1000, staleIfUnavailableMs: 60_000, maxEntries: 10, now: () => now });
    expect(await Promise.all([cache.get('k'), cache.get('k')])).toEqual(['v1', 'v1']);
    expect(loads).toBe(1);
    value = null; // revoked
    now = T0 + 1000;
    expect(await cache.get('k')).toBe('v1');
    now = T0 + 1001;
    expect(await Promise.all([cache.get('k'), cache.get('k')])).toEqual([null, null]);
    expect(await cache.get('k')).toBeNull();
    expect(loads).toBe(2);
    expect(cache.peek('k')).toBeNull();
    expect(cache.peek('never')).toBeUndefined();
  });

  it('serves a recent value while the database is unreachable, not otherwise', async () => {
    let now = T0;
    let fail: Error | null = null;
    const cache = new DirectoryCache<string>(async () => {
      if (fail) throw fail;
      return 'v';
    }, { ttlMs: 1000, staleIfUnavailableMs: 5000, maxEntries: 10, now: () => now });
    await cache.get('k');
    now = T0 + 2000;
    fail = new Error('syntax');
    await expect(cache.get('k')).rejects.toThrow('syntax');
    fail = Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
    expect(await cache.get('k')).toBe('v');
    now = T0 + 6000;
    await expect(cache.get('k')).rejects.toThrow('down');
    expect(cache.peek('k')).toBe('v');
    await expect(cache.get('other')).rejects.toThrow('down');
  });

  it('never lets a read after a forget join the load before it; that load answers its readers but is not kept', async () => {
    const pending: Array<(value: string) => void> = [];
    const cache = new DirectoryCache<string>(() => new Promise<string>((resolve) => pending.push(resolve)), { ttlMs: 1000, staleIfUnavailableMs: 0, maxEntries: 10 });
    const before = cache.get('k');
    cache.delete('k'); // revoked here
    const after = cache.get('k');
    expect(pending).toHaveLength(2);
    pending[1]!('after');
    pending[0]!('before');
    expect(await before).toBe('before');
    expect(await after).toBe('after');
    expect(cache.peek('k')).toBe('after');
  });

  it('keeps at most maxEntries', async () => {
    const cache = new DirectoryCache<string>(async (k) => k, { ttlMs: 1000, staleIfUnavailableMs: 0, maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd', 'e']) await cache.get(k);
    expect(cache.size).toBe(3);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
