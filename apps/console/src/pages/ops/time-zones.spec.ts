import { describe, expect, it } from '@jest/globals';
import { SLUG_PATTERN, timeZoneOptions } from './time-zones';

describe('timeZoneOptions', () => {
  it('offers UTC first, once, then the zones the engine knows', () => {
    expect(timeZoneOptions(['Africa/Abidjan', 'UTC', 'Europe/Istanbul'])).toEqual(['UTC', 'Africa/Abidjan', 'Europe/Istanbul']);
    expect(timeZoneOptions(['Europe/Istanbul'])).toEqual(['UTC', 'Europe/Istanbul']);
  });

  it('reads this engine\'s zones by default', () => {
    const zones = timeZoneOptions();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Istanbul');
    expect(new Set(zones).size).toBe(zones.length);
  });
});

describe('SLUG_PATTERN', () => {
  it('takes what the API takes', () => {
    expect(['istanbul-mall', 'a1', 'x'.repeat(40)].map((slug) => SLUG_PATTERN.test(slug))).toEqual([true, true, true]);
    expect(['-mall', 'Mall', 'a', 'x'.repeat(41), 'mall_1', ''].map((slug) => SLUG_PATTERN.test(slug))).toEqual([false, false, false, false, false, false]);
  });
});
