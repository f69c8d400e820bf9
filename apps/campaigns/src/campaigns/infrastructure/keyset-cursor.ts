import { ValidationError } from '#common';

/**
 * The position after the last item of a page, in the lists' order (`start_date`, then `id`).
 * A keyset, not an offset: rows inserted before it never shift the next page. Opaque to
 * clients (base64url JSON); anything that does not decode to a valid position answers 400.
 */
export interface Keyset {
  startDate: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: Keyset): string {
  return Buffer.from(JSON.stringify({ s: position.startDate.toISOString(), i: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => ValidationError.field('cursor', 'is not a cursor this list gave out');
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { s, i } = (value ?? {}) as { s?: unknown; i?: unknown };
  // Four-digit years only: a date PostgreSQL cannot hold must be a 400 here, not a database error.
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(s) || typeof i !== 'string' || !UUID.test(i)) throw invalid();
  const startDate = new Date(s);
  if (Number.isNaN(startDate.getTime()) || startDate.toISOString() !== s) throw invalid();
  return { startDate, id: i.toLowerCase() };
}
