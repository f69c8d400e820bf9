import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from './token-bucket.js';

describe('token bucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 50 }, 0);
    const first = Array.from({ length: 60 }, () => bucket.take(0));
    expect(first.filter((r) => r.allowed)).toHaveLength(50);
    const refused = first[50]!;
    expect(refused).toMatchObject({ allowed: false, limit: 50, remaining: 0, retryAfterSeconds: 1, resetSeconds: 5 });
    // 1 s later: 10 more
    const next = Array.from({ length: 20 }, () => bucket.take(1000));
    expect(next.filter((r) => r.allowed)).toHaveLength(10);
  });

  it('reports remaining and seconds until full', () => {
    const bucket = new TokenBucket({ perSecond: 100, burst: 500 }, 0);
    expect(bucket.take(0)).toEqual({ allowed: true, limit: 500, remaining: 499, resetSeconds: 1, retryAfterSeconds: 0 });
  });

  it('absorbs what other replicas spent, never below zero', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 20 }, 0);
    bucket.absorb(15, 0);
    expect(bucket.take(0).remaining).toBe(4);
    bucket.absorb(1000, 0);
    expect(bucket.take(0).allowed).toBe(false);
    expect(bucket.take(100).allowed).toBe(true); // 0.1 s refills one token
    expect(bucket.isFull(10_000)).toBe(true);
  });

  it('a slow retry-after when the rate is below one per second', () => {
    const bucket = new TokenBucket({ perSecond: 0.5, burst: 1 }, 0);
    bucket.take(0);
    expect(bucket.take(0).retryAfterSeconds).toBe(2);
  });
});
