import { describe, expect, it } from '@jest/globals';
import { isFinal, pollDelay } from './jobs-model';

describe('isFinal and pollDelay (how long a job page keeps reading)', () => {
  it('knows the final statuses', () => {
    expect(['succeeded', 'failed', 'cancelled'].map((s) => isFinal(s as never))).toEqual([true, true, true]);
    expect(['registered', 'queued', 'running'].map((s) => isFinal(s as never))).toEqual([false, false, false]);
    expect(isFinal(undefined)).toBe(false);
  });

  it('reads again at once while not final, pauses after a failure, stops when final or refused', () => {
    expect(pollDelay('running', null)).toBe(1);
    expect(pollDelay(undefined, null)).toBe(1);
    expect(pollDelay('queued', new TypeError('Failed to fetch'))).toBe(5_000);
    expect(pollDelay('queued', { status: 503 })).toBe(5_000);
    expect(pollDelay('queued', { status: 429 })).toBe(5_000);
    expect(pollDelay(undefined, { status: 404 })).toBe(false);
    expect(pollDelay('running', { status: 403 })).toBe(false);
    expect(pollDelay('failed', null)).toBe(false);
  });
});
