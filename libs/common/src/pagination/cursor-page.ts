import { ValidationError } from '../errors/index.js';

/**
 * Cursor pagination, the same for every list of the API: `{items, nextCursor}`, `limit` 1-200
 * (default 50, anything else 400), and an opaque `cursor` (base64url JSON of the last item's
 * sort key; one that does not decode to what the list expects answers 400).
 */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest<K> {
  limit: number;
  /** The sort key of the last item of the previous page, or null for the first page. */
  after: K | null;
}

/** Reads `limit` as a query parameter arrives (a string, absent, or repeated). */
export function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw)) throw ValidationError.field('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  const limit = Number(raw);
  if (limit < 1 || limit > MAX_LIMIT) throw ValidationError.field('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  return limit;
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor and checks its shape with `isKey`; anything else (not base64url, not JSON,
 * not the expected key, too long) is a 400 on `cursor`.
 */
export function decodeCursor<K>(raw: unknown, isKey: (value: unknown) => value is K): K | null {
  if (raw === undefined || raw === '') return null;
  const bad = () => ValidationError.field('cursor', 'is not a cursor this list gave out');
  if (typeof raw !== 'string' || raw.length > 512 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!isKey(value)) throw bad();
  return value;
}

export function pageRequest<K>(query: { limit?: unknown; cursor?: unknown }, isKey: (value: unknown) => value is K): PageRequest<K> {
  return { limit: parseLimit(query.limit), after: decodeCursor(query.cursor, isKey) };
}

/**
 * Builds a page from up to `limit + 1` rows fetched in list order: the extra row only says
 * that there is a next page, whose cursor is the key of the last row returned.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => unknown, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** A common key: a timestamp (ISO string) and an id, for lists ordered newest first. */
export interface TimeIdKey {
  at: string;
  id: string;
}

export function isTimeIdKey(value: unknown): value is TimeIdKey {
  const v = value as TimeIdKey;
  return (
    typeof v === 'object' && v !== null && typeof v.at === 'string' && typeof v.id === 'string' &&
    !Number.isNaN(Date.parse(v.at)) && /^[0-9a-f-]{36}$/i.test(v.id)
  );
}
