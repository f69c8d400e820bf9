import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { API_KEY_PREFIX, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key.js';
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
