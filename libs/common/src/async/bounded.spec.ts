import { describe, expect, it } from '@jest/globals';
import { bounded } from './bounded.js';

const never = new Promise<never>(() => undefined);
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('bounded', () => {
  it('settles as the promise does when it settles in time', async () => {
    await expect(bounded(later(5, 'answer'), 1000, () => new Error('too late'))).resolves.toBe('answer');
    await expect(bounded(Promise.reject(new Error('failed')), 1000, { orElse: 'fallback' })).rejects.toThrow('failed');
  });

  it('rejects with the error made on expiry once the time is up', async () => {
    await expect(bounded(never, 5, () => new Error('too late'))).rejects.toThrow('too late');
  });

  it('resolves with the fallback on expiry when given one', async () => {
    await expect(bounded(never, 5, { orElse: 'fallback' })).resolves.toBe('fallback');
  });

  it('treats a negative time as none left', async () => {
    await expect(bounded(never, -10, { orElse: 'expired' })).resolves.toBe('expired');
  });

  it('leaves no timer behind once settled', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await bounded(Promise.resolve('now'), 60_000, () => new Error('too late'));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});
