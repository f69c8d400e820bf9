import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors/index.js';
import { CursorCodec, pageRequest, parseLimit, queryParam, TIME_ID_CURSOR, toPage } from './cursor-page.js';

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID = '0190f1a2-b3c4-7d5e-8f60-718293a4b5c6';

describe('cursor pagination', () => {
  it('limit: default 50 when absent, 1-200, anything else present 400 (the empty value too)', () => {
    expect(parseLimit(undefined)).toBe(50);
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('200')).toBe(200);
    for (const bad of ['', '0', '201', '-1', '1.5', 'abc', ' 5', ['5', '6']]) expect(() => parseLimit(bad)).toThrow(ValidationError);
  });

  it('a repeated parameter is 400 naming it', () => {
    expect(() => queryParam({ cursor: ['a', 'b'] }, 'cursor')).toThrow('cursor: must be given once');
    expect(queryParam({}, 'cursor')).toBeUndefined();
  });

  it('cursors round-trip; an upper-case id comes back in lower case', () => {
    const key = { at: '2025-01-01T00:00:00.000Z', id: ID };
    expect(TIME_ID_CURSOR.decode(TIME_ID_CURSOR.encode(key))).toEqual(key);
    expect(TIME_ID_CURSOR.decode(forge({ at: key.at, id: ID.toUpperCase() }))).toEqual(key);
    expect(TIME_ID_CURSOR.decode(undefined)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['not base64url', '!!'],
    ['too long', 'a'.repeat(600)],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['a number', forge(5)],
    ['null', forge(null)],
    ['an array', forge(['2025-01-01T00:00:00.000Z', ID])],
    ['a date that does not exist', forge({ at: '2020-02-30T00:00:00.000Z', id: ID })],
    ['a date without milliseconds', forge({ at: '2020-02-01T00:00:00Z', id: ID })],
    ['a date in a free form', forge({ at: 'Jan 1 99999', id: ID })],
    ['year 0', forge({ at: '0000-01-01T00:00:00.000Z', id: ID })],
    ['a six-digit year', forge({ at: '+275760-09-13T00:00:00.000Z', id: ID })],
    ['36 dashes as the id', forge({ at: '2020-02-01T00:00:00.000Z', id: '-'.repeat(36) })],
    ['a number as the id', forge({ at: '2020-02-01T00:00:00.000Z', id: 7 })],
    ['a missing field', forge({ at: '2020-02-01T00:00:00.000Z' })],
    ['an extra field', forge({ at: '2020-02-01T00:00:00.000Z', id: ID, x: 1 })],
  ])('refuses a forged cursor (%s) with 400 on cursor', (_label, raw) => {
    let error: unknown;
    try {
      TIME_ID_CURSOR.decode(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.errors).toEqual([{ field: 'cursor', message: 'is not a cursor this list gave out' }]);
  });

  it('slug cursors take tenant slugs only', () => {
    const codec = new CursorCodec<{ slug: string }>({ slug: 'slug' });
    expect(codec.decode(codec.encode({ slug: 'mall-1' }))).toEqual({ slug: 'mall-1' });
    expect(() => codec.decode(forge({ slug: 'Mall 1' }))).toThrow(ValidationError);
  });

  it('pageRequest reads limit and cursor by the same rules', () => {
    expect(pageRequest({}, TIME_ID_CURSOR)).toEqual({ limit: 50, after: null });
    expect(() => pageRequest({ limit: '' }, TIME_ID_CURSOR)).toThrow(ValidationError);
    expect(() => pageRequest({ cursor: '' }, TIME_ID_CURSOR)).toThrow(ValidationError);
  });

  it('toPage: the extra row makes a next cursor', () => {
    const rows = [1, 2, 3].map((n) => ({ at: `2025-01-0${n}T00:00:00.000Z`, id: ID }));
    const page = toPage(rows, 2, TIME_ID_CURSOR, (r) => r, (r) => r.at);
    expect(page.items).toEqual([rows[0]!.at, rows[1]!.at]);
    expect(TIME_ID_CURSOR.decode(page.nextCursor!)).toEqual(rows[1]);
    expect(toPage(rows.slice(0, 2), 2, TIME_ID_CURSOR, (r) => r, (r) => r).nextCursor).toBeNull();
  });
});
