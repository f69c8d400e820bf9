import { describe, expect, it } from '@jest/globals';
import { ALL_CLIENTS_FACTOR, LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  const clock = (start = 1_000_000) => {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('lets a client fail maxFailures times, then makes it wait for the end of the window', () => {
    const time = clock();
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000 }, time.now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterS('a')).toBe(0);
      throttle.failed('a');
      time.advance(1000);
    }
    // The window started at the first failure, 3 s ago.
    expect(throttle.retryAfterS('a')).toBe(57);
    expect(throttle.retryAfterS('b')).toBe(0);
    time.advance(56_500);
    expect(throttle.retryAfterS('a')).toBe(1);
    time.advance(500);
    expect(throttle.retryAfterS('a')).toBe(0);
    throttle.failed('a');
    expect(throttle.retryAfterS('a')).toBe(0);
  });

  it('forgets a client’s failures when it logs in, not once it is locked out', () => {
    const time = clock();
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 10_000 }, time.now);
    throttle.failed('a');
    throttle.succeeded('a');
    throttle.failed('a');
    expect(throttle.retryAfterS('a')).toBe(0);
    throttle.failed('a');
    expect(throttle.retryAfterS('a')).toBe(10);
  });

  it(`bounds the guesses of all clients together at ${ALL_CLIENTS_FACTOR} × maxFailures per window`, () => {
    const time = clock();
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 10_000 }, time.now);
    for (let i = 0; i < 2 * ALL_CLIENTS_FACTOR; i++) {
      expect(throttle.retryAfterS(`client-${i}`)).toBe(0);
      throttle.failed(`client-${i}`);
    }
    expect(throttle.retryAfterS('someone-new')).toBe(10);
    time.advance(10_000);
    expect(throttle.retryAfterS('someone-new')).toBe(0);
  });
});
