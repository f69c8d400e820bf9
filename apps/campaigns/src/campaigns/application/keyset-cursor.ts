import { CursorCodec } from '#common';

/**
 * The position after the last item of a page, in the lists' order (`start_date`, then `id`).
 * A keyset, not an offset: rows inserted before it never shift the next page. Opaque to
 * clients; written and read by the platform's one cursor codec (400 on anything it did not give out).
 */
export interface Keyset {
  startDate: Date;
  id: string;
}

const KEYSET_CURSOR = new CursorCodec<{ s: string; i: string }>({ s: 'instant', i: 'uuid' });

export function encodeCursor(position: Keyset): string {
  return KEYSET_CURSOR.encode({ s: position.startDate.toISOString(), i: position.id });
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  const key = KEYSET_CURSOR.decode(cursor);
  return key ? { startDate: new Date(key.s), id: key.i } : undefined;
}
