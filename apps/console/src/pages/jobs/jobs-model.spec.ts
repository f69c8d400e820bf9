import { describe, expect, it } from '@jest/globals';
import { isFinal, pollDelay } from './jobs-model';

describe('isFinal and pollDelay (how long a job page keeps reading)', () => {
  it('knows the final statuses', () => {
    expect(['succeeded', 'failed', 'cancelled'].map((s) => isFinal(s as never))).toEqual([true, true, true]);
    expect(['registered', 'queued', 'running'].map((s) => isFinal(s as never))).toEqual([false, false, false]);
    expect(isFinal(undefined)).toBe(false);
  });

  it('reads again at once while not final, pauses after a failure, stops when final', () => {
    expect(pollDelay('running', false)).toBe(1);
    expect(pollDelay(undefined, false)).toBe(1);
    expect(pollDelay('queued', true)).toBe(5_000);
    expect(pollDelay('failed', false)).toBe(false);
  });
});
