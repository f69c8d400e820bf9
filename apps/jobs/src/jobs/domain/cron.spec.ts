import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '#common';
import { checkSchedule, nextRun, runAfter } from './cron.js';

const fieldsOf = (run: () => void): string[] => {
  try {
    run();
    return [];
  } catch (error) {
    return ((error as ValidationError).details.errors ?? []).map((e) => e.field);
  }
};

describe('checkSchedule', () => {
  it('takes 5 fields read in an IANA zone', () => {
    for (const cron of ['0 9 * * 1', '*/5 * * * *', '0 0 L * *', ' 30 2 * * 0-6 ', 'H * * * *']) expect(fieldsOf(() => checkSchedule(cron, 'Europe/Istanbul'))).toEqual([]);
  });

  it('refuses a seconds field, nicknames (which cron-parser reads with seconds) and anything else', () => {
    for (const cron of ['* * * * * *', '0 0 9 * * 1', '@secondly', '@minutely', '@daily', '@every 1s', '* * * *', '* * * * * * *', '60 * * * *', '0 0 30 2 *', '', 'x'.repeat(201), 5, null]) {
      expect({ cron, fields: fieldsOf(() => checkSchedule(cron, 'UTC')) }).toEqual({ cron, fields: ['cron'] });
    }
    expect(fieldsOf(() => checkSchedule('0 9 * * 1', 'Mars/Olympus'))).toEqual(['timezone']);
  });
});

describe('runAfter', () => {
  const timing = { id: '01a229b4-6601-777d-8925-d9aae7bd82fa', cron: '*/15 * * * *', timezone: 'Europe/Istanbul' };

  it('is the next run after now: runs missed meanwhile make none', () => {
    const dueAt = new Date('2026-03-01T10:00:00Z');
    expect(runAfter(timing, dueAt, new Date('2026-03-01T10:00:00.200Z')).toISOString()).toBe('2026-03-01T10:15:00.000Z');
    expect(runAfter(timing, dueAt, new Date('2026-03-01T11:07:00Z')).toISOString()).toBe('2026-03-01T11:15:00.000Z');
  });

  it('keeps runs a minute apart even for a stored cron with a seconds field', () => {
    const legacy = { ...timing, cron: '* * * * * *' };
    const dueAt = new Date('2026-03-01T10:00:00Z');
    expect(runAfter(legacy, dueAt, new Date('2026-03-01T10:00:00.300Z')).toISOString()).toBe('2026-03-01T10:01:00.000Z');
  });

  it("reads H (hashed) the same way for one schedule every time", () => {
    const hashed = { ...timing, cron: 'H * * * *' };
    const after = new Date('2026-03-01T10:00:00Z');
    const runs = new Set(Array.from({ length: 5 }, () => nextRun(hashed, after).toISOString()));
    expect(runs.size).toBe(1);
  });
});
