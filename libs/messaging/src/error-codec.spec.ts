import { describe, expect, it } from '@jest/globals';
import { AppError, ConflictError } from '#common';
import { decodeError, encodeError } from './error-codec.js';

describe('error codec', () => {
  it('rebuilds the same error on the other side of a transport', () => {
    const original = new ConflictError('EVENTS_OUTSIDE_CAMPAIGN', 'Events would fall outside.', { eventIds: ['e1'] });
    const decoded = decodeError(JSON.parse(JSON.stringify(encodeError(original))));
    expect(decoded).toBeInstanceOf(AppError);
    expect(decoded).toMatchObject({ kind: 'conflict', code: 'EVENTS_OUTSIDE_CAMPAIGN', message: 'Events would fall outside.', details: { eventIds: ['e1'] } });
  });

  it('never carries the text of an unexpected error', () => {
    expect(encodeError(new Error('SELECT * FROM secrets'))).toEqual({ kind: 'internal', code: 'INTERNAL', message: 'An unexpected error occurred.', details: {} });
  });

  it('decodes garbage as an internal error', () => {
    expect(decodeError({ kind: 'weird', code: 'X', message: 'm', details: {} }).kind).toBe('internal');
  });
});
