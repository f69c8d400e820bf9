/** A rate: `perSecond` sustained, up to `burst` at once (the bucket's size). */
export interface RateLimitPolicy {
  perSecond: number;
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  limit: number;
  /** Whole requests left now. */
  remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
  /** Seconds until one request is allowed again; 0 when allowed (Retry-After). */
  retryAfterSeconds: number;
}

/**
 * A token bucket: it holds up to `burst` tokens, refills at `perSecond`, each request takes
 * one. Pure arithmetic on a clock passed in, so it is tested without waiting.
 *
 * `absorb` takes tokens spent on other replicas (learnt from Redis), so every replica's bucket
 * tracks the deployment-wide rate, late by at most one sync interval.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly policy: RateLimitPolicy,
    now: number,
  ) {
    this.tokens = policy.burst;
    this.updatedAt = now;
  }

  take(now: number): TakeResult {
    this.refill(now);
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    return this.describe(allowed);
  }

  /** Whether a request would be allowed now, taking nothing. */
  peek(now: number): TakeResult {
    this.refill(now);
    return this.describe(this.tokens >= 1);
  }

  absorb(spentElsewhere: number, now: number): void {
    this.refill(now);
    // Never below zero: being late never punishes a caller for longer than one refill of the bucket.
    this.tokens = Math.max(0, this.tokens - spentElsewhere);
  }

  /** Full, as if untouched: such a bucket can be forgotten. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.policy.burst;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.policy.burst, this.tokens + elapsed * this.policy.perSecond);
    this.updatedAt = now;
  }

  private describe(allowed: boolean): TakeResult {
    const { perSecond, burst } = this.policy;
    return {
      allowed,
      limit: burst,
      remaining: Math.floor(this.tokens),
      resetSeconds: Math.ceil((burst - this.tokens) / perSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - this.tokens) / perSecond)),
    };
  }
}
