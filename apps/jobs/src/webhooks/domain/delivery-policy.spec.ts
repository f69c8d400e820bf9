import { describe, expect, it } from '@jest/globals';
import { backoffMs, retryAfterMs, verdictOf } from './delivery-policy.js';

describe('verdictOf', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [500, 'retry'],
    [503, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [400, 'dead'],
    [401, 'dead'],
    [404, 'dead'],
    [410, 'dead'],
    [301, 'dead'],
    [302, 'dead'],
  ])('status %d is %s', (status, verdict) => {
    expect(verdictOf({ status })).toBe(verdict);
  });

  it('retries timeouts and connection errors, not a refused address or URL', () => {
    expect(verdictOf({ error: { code: 'TIMEOUT', message: '' } })).toBe('retry');
    expect(verdictOf({ error: { code: 'CONNECTION_FAILED', message: '' } })).toBe('retry');
    expect(verdictOf({ error: { code: 'ADDRESS_BLOCKED', message: '' } })).toBe('dead');
    expect(verdictOf({ error: { code: 'INVALID_URL', message: '' } })).toBe('dead');
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-06-01T10:00:00Z');
  it('reads seconds and HTTP dates, capped and never negative', () => {
    expect(retryAfterMs('120', 3_600_000, now)).toBe(120_000);
    expect(retryAfterMs('Mon, 01 Jun 2026 10:00:30 GMT', 3_600_000, now)).toBe(30_000);
    expect(retryAfterMs('Mon, 01 Jun 2026 09:00:00 GMT', 3_600_000, now)).toBe(0);
    expect(retryAfterMs('999999', 3_600_000, now)).toBe(3_600_000);
  });

  it('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, 1000, now)).toBeUndefined();
    expect(retryAfterMs('soon', 1000, now)).toBeUndefined();
    expect(retryAfterMs('-5', 1000, now)).toBeUndefined();
    expect(retryAfterMs('2026', 1000, now)).toBe(1000);
  });
});

describe('backoffMs', () => {
  it('grows exponentially under full jitter, capped', () => {
    expect(backoffMs(1, 1000, 60_000, undefined, () => 0.999)).toBe(999);
    expect(backoffMs(3, 1000, 60_000, undefined, () => 0.999)).toBe(3996);
    expect(backoffMs(20, 1000, 60_000, undefined, () => 0.999)).toBe(59_940);
    expect(backoffMs(3, 1000, 60_000, undefined, () => 0)).toBe(0);
  });

  it('waits at least what Retry-After asked', () => {
    expect(backoffMs(1, 1000, 60_000, 30_000, () => 0.5)).toBe(30_000);
  });
});
