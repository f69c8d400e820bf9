import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '#common';
import { parseInstant } from './instants.js';

const iso = (value: string, zone = 'Europe/Berlin') => parseInstant(value, 'startDate', zone).toISOString();

function refusal(value: unknown, zone = 'Europe/Berlin'): ValidationError {
  try {
    parseInstant(value, 'startDate', zone);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error(`${String(value)} was accepted`);
}

describe('parseInstant', () => {
  it('reads ISO 8601 with Z or an offset, with or without seconds and milliseconds', () => {
    expect(iso('2026-11-27T09:00:00Z')).toBe('2026-11-27T09:00:00.000Z');
    expect(iso('2026-11-27T09:00:00.5Z')).toBe('2026-11-27T09:00:00.500Z');
    expect(iso('2026-11-27T10:00:00+01:00')).toBe('2026-11-27T09:00:00.000Z');
    expect(iso('2026-11-27T04:30-04:30')).toBe('2026-11-27T09:00:00.000Z');
    expect(iso('2026-11-27T09:00:00.123+00:00')).toBe('2026-11-27T09:00:00.123Z');
  });

  it('refuses ISO without an offset, a date alone, impossible values and other formats, naming the field', () => {
    for (const value of [
      '2026-11-27T09:00:00', '2026-11-27', '2026-02-30T09:00:00Z', '2026-11-27T24:00:00Z', '2026-11-27T09:00:00+25:00',
      '27/11/2026 09:00:00', '2026/11/27', '2026/11/27 09:00', 'tomorrow', '', '1764234000000',
    ]) {
      const error = refusal(value);
      expect(error.details.errors).toEqual([{ field: 'startDate', message: expect.any(String) }]);
    }
    refusal(1764234000000);
    refusal(null);
  });

  it('reads the legacy format in the tenant zone', () => {
    expect(iso('2026/11/27 10:00:00')).toBe('2026-11-27T09:00:00.000Z'); // CET, +01:00
    expect(iso('2026/07/01 10:00:00')).toBe('2026-07-01T08:00:00.000Z'); // CEST, +02:00
    expect(iso('2026/07/01 10:00:00', 'America/New_York')).toBe('2026-07-01T14:00:00.000Z');
    expect(iso('2026/07/01 10:00:00', 'UTC')).toBe('2026-07-01T10:00:00.000Z');
    expect(iso('2026/07/01 10:00:00', 'Asia/Kolkata')).toBe('2026-07-01T04:30:00.000Z');
  });

  it('refuses a legacy time in a daylight-saving gap', () => {
    const error = refusal('2026/03/29 02:30:00', 'Europe/Berlin');
    expect(error.details.errors?.[0]?.message).toMatch(/does not exist in time zone Europe\/Berlin/);
    refusal('2026/03/08 02:30:00', 'America/New_York');
    refusal('2026/10/04 02:00:00', 'Australia/Sydney');
    // The minutes around the gap exist.
    expect(iso('2026/03/29 01:59:59')).toBe('2026-03-29T00:59:59.000Z');
    expect(iso('2026/03/29 03:00:00')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('reads a legacy time in an overlap as the earlier instant, whichever side the zone is on', () => {
    expect(iso('2026/10/25 02:30:00', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z'); // +02:00, not +01:00
    expect(iso('2026/11/01 01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // EDT, not EST
    expect(iso('2026/04/05 02:30:00', 'Australia/Sydney')).toBe('2026-04-04T15:30:00.000Z'); // +11:00, not +10:00
    expect(iso('2026/10/25 03:00:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z');
  });
});
