import { describe, expect, it } from '@jest/globals';
import { readLocalInput, toLocalInput } from './dates';

describe('readLocalInput (the console reads wall-clock times as the API does)', () => {
  it('reads an ordinary time in the zone', () => {
    expect(readLocalInput('2026-06-01T10:00', 'Europe/Amsterdam')).toEqual({ kind: 'ok', iso: '2026-06-01T08:00:00Z', note: undefined });
  });

  it('explains a daylight-saving gap', () => {
    const read = readLocalInput('2026-03-29T02:30', 'Europe/Amsterdam');
    expect(read.kind).toBe('gap');
    expect(read.kind === 'gap' && read.message).toContain('02:30 does not exist on 29 March 2026 in Europe/Amsterdam');
  });

  it('takes the earlier instant of an overlap and says so', () => {
    const read = readLocalInput('2026-10-25T02:30', 'Europe/Amsterdam');
    expect(read).toMatchObject({ kind: 'ok', iso: '2026-10-25T00:30:00Z' });
    expect(read.kind === 'ok' && read.note).toContain('happens twice');
  });

  it('handles zones south of the equator and west of Greenwich', () => {
    expect(readLocalInput('2026-03-08T02:30', 'America/New_York').kind).toBe('gap');
    expect(readLocalInput('2026-10-04T02:30', 'Australia/Sydney').kind).toBe('gap');
    expect(readLocalInput('2026-04-05T02:30', 'Australia/Sydney')).toMatchObject({ kind: 'ok', iso: '2026-04-04T15:30:00Z' });
  });

  it('refuses what is not a time and accepts nothing typed', () => {
    expect(readLocalInput('', 'UTC')).toEqual({ kind: 'empty' });
    expect(readLocalInput('2026-02-30T10:00', 'UTC')).toEqual({ kind: 'invalid' });
  });

  it('round-trips an instant through the field', () => {
    expect(toLocalInput('2026-06-01T08:00:00.000Z', 'Europe/Amsterdam')).toBe('2026-06-01T10:00');
  });
});
