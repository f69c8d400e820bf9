import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { API_KEY_PREFIX, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key.js';
import { RevalidatingCache } from './revalidating-cache.js';
import { isSlug, isTimeZone } from './tenant.js';

describe('API keys', () => {
  it('are random, prefixed, at least 32 characters after the prefix, hashed with SHA-256', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
      expect(key.length - API_KEY_PREFIX.length).toBeGreaterThanOrEqual(32);
      expect(looksLikeApiKey(key)).toBe(true);
      expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    }
    expect(looksLikeApiKey('cpk_short')).toBe(false);
    expect(looksLikeApiKey(`x${generateApiKey()}`)).toBe(false);
  });
});

describe('tenants', () => {
  it('slugs and time zones', () => {
    expect(isSlug('istanbul-mall')).toBe(true);
    expect(isSlug('a')).toBe(false);
    expect(isSlug('-abc')).toBe(false);
    expect(isSlug('Abc')).toBe(false);
    expect(isSlug('a'.repeat(41))).toBe(false);
    expect(isTimeZone('Europe/Istanbul')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+03:00')).toBe(false);
  });
});

describe('revalidating cache', () => {
  it('serves hits without loading, re-reads after the TTL, shares concurrent loads', async () => {
    let now = 0;
    let loads = 0;
    let value: string | null = 'v1';
    const cache = new RevalidatingCache<string>(async () => (loads++, value), { ttlMs: 1000, staleIfUnavailableMs: 60_000, maxEntries: 10, now: () => now });
    expect(await Promise.all([cache.get('k'), cache.get('k')])).toEqual(['v1', 'v1']);
    expect(loads).toBe(1);
    value = null; // revoked
    now = 999;
    expect(await cache.get('k')).toBe('v1');
    now = 1000;
    expect(await cache.get('k')).toBeNull();
    expect(loads).toBe(2);
  });

  it('serves a recent value while the database is unreachable, not otherwise', async () => {
    let now = 0;
    let fail: Error | null = null;
    const cache = new RevalidatingCache<string>(async () => {
      if (fail) throw fail;
      return 'v';
    }, { ttlMs: 1000, staleIfUnavailableMs: 5000, maxEntries: 10, now: () => now });
    await cache.get('k');
    now = 2000;
    fail = Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
    expect(await cache.get('k')).toBe('v');
    now = 6000;
    await expect(cache.get('k')).rejects.toThrow('down');
    fail = new Error('syntax');
    await expect(cache.get('other')).rejects.toThrow('syntax');
  });

  it('keeps at most maxEntries', async () => {
    const cache = new RevalidatingCache<string>(async (k) => k, { ttlMs: 1000, staleIfUnavailableMs: 0, maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd', 'e']) await cache.get(k);
    expect(cache.size).toBe(3);
  });
});
