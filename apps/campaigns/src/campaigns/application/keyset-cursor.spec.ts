import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

describe('keyset cursor', () => {
  it('round-trips a position', () => {
    const position = { startDate: new Date('2026-11-27T00:00:00.000Z'), id: '0190d3f0-0000-7000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('refuses anything it did not give out (400 on cursor)', () => {
    const bad = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['', 'not a cursor', '!!!', bad({ s: 'x', i: 'y' }), bad({ s: '2026-11-27T00:00:00.000Z', i: 'nope' }), bad([1]), bad(null), bad({ s: '+275760-09-13T00:00:00.000Z', i: '0190d3f0-0000-7000-8000-000000000001' }), 'e30', 'x'.repeat(600)]) {
      try {
        decodeCursor(cursor);
        throw new Error(`accepted ${cursor}`);
      } catch (error) {
        expect((error as { details: { errors: unknown } }).details.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
    }
  });
});
