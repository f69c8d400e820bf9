import { describe, expect, it } from '@jest/globals';
import { cronPreview } from './cron-preview';

const now = new Date('2026-11-30T08:00:00Z');

describe('cronPreview (the next runs of a schedule, in its zone)', () => {
  it('gives the next five runs read in the zone', () => {
    // Monday 30 November 2026, 11:00 in Istanbul (UTC+3): 09:00 there has passed today.
    expect(cronPreview('0 9 * * 1', 'Europe/Istanbul', 5, now)).toEqual({
      kind: 'ok',
      runs: ['2026-12-07T06:00:00.000Z', '2026-12-14T06:00:00.000Z', '2026-12-21T06:00:00.000Z', '2026-12-28T06:00:00.000Z', '2027-01-04T06:00:00.000Z'],
      note: undefined,
    });
  });

  it('follows daylight saving time in the zone', () => {
    const preview = cronPreview('30 7 * * *', 'Europe/Amsterdam', 2, new Date('2027-03-27T12:00:00Z'));
    // 07:30 is 06:30Z in winter (UTC+1) and 05:30Z from 28 March (UTC+2).
    expect(preview).toMatchObject({ kind: 'ok', runs: ['2027-03-28T05:30:00.000Z', '2027-03-29T05:30:00.000Z'] });
  });

  it('refuses what the server refuses, and says why', () => {
    expect(cronPreview('0 0 9 * * 1', 'UTC', 5, now)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('this one has 6') });
    expect(cronPreview('@daily', 'UTC', 5, now)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Nicknames') });
    expect(cronPreview('61 * * * *', 'UTC', 5, now)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Not a valid cron expression') });
    expect(cronPreview('0 9 * * 1', 'Mars/Olympus', 5, now)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('IANA') });
  });

  it('says nothing of an empty expression and warns that H is picked later', () => {
    expect(cronPreview('  ', 'UTC', 5, now)).toEqual({ kind: 'empty' });
    expect(cronPreview('H 9 * * *', 'UTC', 5, now)).toMatchObject({ kind: 'ok', note: expect.stringContaining('H stands for') });
  });
});
