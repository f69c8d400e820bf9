import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors/index.js';
import { decodeCursor, encodeCursor, isTimeIdKey, parseLimit, toPage } from './cursor-page.js';

describe('cursor pagination', () => {
  it('limit: default 50, 1-200, else 400', () => {
    expect(parseLimit(undefined)).toBe(50);
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('200')).toBe(200);
    for (const bad of ['0', '201', '-1', '1.5', 'abc', ' 5', ['5', '6']]) expect(() => parseLimit(bad)).toThrow(ValidationError);
  });

  it('cursors round-trip and bad ones are 400', () => {
    const key = { at: '2025-01-01T00:00:00.000Z', id: '0190f1a2-b3c4-7d5e-8f60-718293a4b5c6' };
    expect(decodeCursor(encodeCursor(key), isTimeIdKey)).toEqual(key);
    expect(decodeCursor(undefined, isTimeIdKey)).toBeNull();
    for (const bad of ['!!', encodeCursor({ at: 'x', id: 'y' }), encodeCursor(5), 'a'.repeat(600), Buffer.from('{').toString('base64url')]) {
      expect(() => decodeCursor(bad, isTimeIdKey)).toThrow(ValidationError);
    }
  });

  it('toPage: the extra row makes a next cursor', () => {
    expect(toPage([1, 2, 3], 2, (n) => n, (n) => n * 10)).toEqual({ items: [10, 20], nextCursor: encodeCursor(2) });
    expect(toPage([1, 2], 2, (n) => n, (n) => n)).toEqual({ items: [1, 2], nextCursor: null });
  });
});
