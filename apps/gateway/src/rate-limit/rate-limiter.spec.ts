import { describe, expect, it } from '@jest/globals';
import { loadConfig, type RedisService } from '#common';
import { GatewayConfig } from '../gateway.config.js';
import { MAX_TRACKED, RateLimiter } from './rate-limiter.js';

// take() decides in memory; Redis is only used by sync(), which these tests do not call.
const limiter = () => new RateLimiter(loadConfig(GatewayConfig, { RATE_LIMIT_ANONYMOUS_PER_S: '1', RATE_LIMIT_ANONYMOUS_BURST: '3' }), {} as RedisService);

describe('RateLimiter', () => {
  it('a flood of new callers never resets the bucket of a busy one (least recently used go first)', () => {
    const rl = limiter();
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) expect(rl.take('anonymous', 'attacker', now)?.allowed).toBe(true);
    expect(rl.take('anonymous', 'attacker', now)?.allowed).toBe(false);
    // Enough other addresses to fill the table; the attacker keeps asking meanwhile, so it is never the least recently used.
    for (let i = 0; i < MAX_TRACKED + 10; i++) {
      rl.take('anonymous', `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, now);
      if (i % 50_000 === 0) expect(rl.take('anonymous', 'attacker', now)?.allowed).toBe(false);
    }
    expect(rl.take('anonymous', 'attacker', now)?.allowed).toBe(false);
  });
});
