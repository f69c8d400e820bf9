/**
 * Characters a PostgreSQL text or jsonb value cannot hold: NUL, and a UTF-16 surrogate without
 * its pair (JSON's `"\ud800"` decodes to one; so can a percent-encoded path).
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** The first character of `text` PostgreSQL cannot store, or null. */
export function unstorableCharacter(text: string): string | null {
  return UNSTORABLE.exec(text)?.[0] ?? null;
}

/** `text` with every character PostgreSQL cannot store replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '\ufffd');
}
