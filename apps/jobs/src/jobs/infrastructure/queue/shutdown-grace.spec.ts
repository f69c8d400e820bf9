import { describe, expect, it } from '@jest/globals';
import { drainWithin } from './shutdown-grace.js';

describe('drainWithin', () => {
  it('resolves true without acting when the work ends within the grace', async () => {
    let acted = false;
    const drained = await drainWithin(Promise.resolve(), 60_000, () => (acted = true));
    expect(drained).toBe(true);
    expect(acted).toBe(false);
  });

  it('acts when the grace ends, then waits for the work to end', async () => {
    let finish!: () => void;
    const work = new Promise<void>((resolve) => (finish = resolve));
    let acted = false;
    const result = drainWithin(work, 10, () => {
      acted = true;
      finish(); // stopping the rest is what lets the work end
    });
    expect(await result).toBe(false);
    expect(acted).toBe(true);
  });

  it('a failed drain counts as ended (shutdown goes on)', async () => {
    expect(await drainWithin(Promise.reject(new Error('closing failed')), 60_000, () => undefined)).toBe(true);
  });
});
