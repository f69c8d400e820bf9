import { ValidationError } from '../errors/index.js';
import { isUuid } from '../ids/index.js';

/**
 * Cursor pagination, the same for every list of the API: `{items, nextCursor}`, `limit` 1-200
 * (default 50), and an opaque `cursor`. A parameter that is present is validated, whatever its
 * value: `?limit=` (empty), a repeated parameter or a cursor this list did not give out is a 400
 * naming the parameter, on every list alike.
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

/**
 * One query parameter as Fastify hands it over: absent, a string, or an array when the client
 * repeated it (refused: which one was meant is a guess).
 */
export function queryParam(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ValidationError.field(name, 'must be given once');
  return value;
}

/** Reads `limit` as a query parameter arrives (a string, absent, or repeated). */
export function parseLimit(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const bad = () => ValidationError.field('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw)) throw bad();
  const limit = Number(raw);
  if (limit < 1 || limit > MAX_LIMIT) throw bad();
  return limit;
}

/** What a cursor field may hold. Each is checked as strictly as the column it is compared with. */
export type CursorField = 'instant' | 'uuid' | 'slug';

/** Exactly what `Date.prototype.toISOString` writes, years 0001-9999 (what PostgreSQL takes). */
const INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;
const MAX_CURSOR_LENGTH = 512;

const FIELD_CHECKS: Record<CursorField, (value: string) => boolean> = {
  // The round trip refuses dates that do not exist (2020-02-30), which Date would roll over.
  instant: (value) => INSTANT.test(value) && new Date(value).toISOString() === value,
  uuid: (value) => isUuid(value),
  slug: (value) => SLUG.test(value),
};

/**
 * The one cursor codec of every list: base64url JSON of the last item's sort key, an object of
 * string fields of declared kinds. A cursor is decoded strictly: exactly the declared fields,
 * each of its kind, so whatever a client forges is a 400 on `cursor`, never a database error.
 */
export class CursorCodec<K extends Record<string, string>> {
  constructor(private readonly shape: { [P in keyof K]: CursorField }) {}

  encode(key: K): string {
    return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
  }

  /** Null when absent (the first page); the key otherwise, or a 400 on `cursor`. */
  decode(raw: unknown): K | null {
    if (raw === undefined) return null;
    const bad = () => ValidationError.field('cursor', 'is not a cursor this list gave out');
    if (typeof raw !== 'string' || raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    } catch {
      throw bad();
    }
    if (!this.fits(value)) throw bad();
    const key = { ...value } as Record<string, string>;
    for (const [field, kind] of Object.entries(this.shape)) if (kind === 'uuid') key[field] = key[field]!.toLowerCase();
    return key as K;
  }

  private fits(value: unknown): value is K {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const fields = Object.entries(this.shape) as Array<[string, CursorField]>;
    const record = value as Record<string, unknown>;
    if (Object.keys(record).length !== fields.length) return false;
    return fields.every(([field, kind]) => {
      const v = record[field];
      return typeof v === 'string' && FIELD_CHECKS[kind](v);
    });
  }
}

/** `limit` and `cursor` of a list's query string. */
export function pageRequest<K extends Record<string, string>>(query: Record<string, unknown>, codec: CursorCodec<K>): PageRequest<K> {
  return { limit: parseLimit(queryParam(query, 'limit')), after: codec.decode(queryParam(query, 'cursor')) };
}

/**
 * Builds a page from up to `limit + 1` rows fetched in list order: the extra row only says
 * that there is a next page, whose cursor is the key of the last row returned.
 */
export function toPage<R, T, K extends Record<string, string>>(rows: R[], limit: number, codec: CursorCodec<K>, keyOf: (row: R) => K, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last !== undefined ? codec.encode(keyOf(last)) : null };
}

/** The same page with each item turned into what its reader takes (a view, a transport shape). */
export function mapPage<T, D>(page: Page<T>, view: (item: T) => D): Page<D> {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/** The common key of lists ordered newest first: a timestamp (ISO string) and an id. */
export type TimeIdKey = { at: string; id: string };

export const TIME_ID_CURSOR = new CursorCodec<TimeIdKey>({ at: 'instant', id: 'uuid' });

/** `limit` and `cursor`; the cursor is decoded (and checked) by the service that owns the list. */
export function listQuery(query: Record<string, unknown>): { limit: number; cursor?: string } {
  const cursor = queryParam(query, 'cursor');
  return { limit: parseLimit(queryParam(query, 'limit')), ...(cursor !== undefined ? { cursor } : {}) };
}
