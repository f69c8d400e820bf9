import { describe, expect, it } from '@jest/globals';
import { maxAgeSeconds, noneMatch } from './http-caching.interceptor.js';

describe('HTTP caching', () => {
  it('gives max-age in whole seconds, rounded down, capped, never negative', () => {
    expect(maxAgeSeconds(0, 2_999, 60)).toBe(2);
    expect(maxAgeSeconds(0, 3_000, 60)).toBe(3);
    expect(maxAgeSeconds(0, 600_000, 5)).toBe(5);
    expect(maxAgeSeconds(10_000, 9_000, 5)).toBe(0);
  });

  it('matches If-None-Match weakly, in lists, and *', () => {
    expect(noneMatch(undefined, '"a"')).toBe(false);
    expect(noneMatch('"a"', '"a"')).toBe(true);
    expect(noneMatch('W/"a"', '"a"')).toBe(true);
    expect(noneMatch('"b", "a"', '"a"')).toBe(true);
    expect(noneMatch('"b"', '"a"')).toBe(false);
    expect(noneMatch('*', '"a"')).toBe(true);
    expect(noneMatch('a', '"a"')).toBe(false);
  });
});
