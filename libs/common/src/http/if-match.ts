import { ValidationError } from '../errors/index.js';

const ETAG = /^"([0-9a-fA-F-]{36}):(\d{1,9})(?::[a-z]+)?"$/;
/** An entity tag as RFC 9110 writes it: optionally weak, quoted, no quote inside. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/**
 * `If-Match` as expected versions for the resource `id`: undefined when absent or `*`
 * (any current version); otherwise the versions of the strong tags naming this resource. A
 * weak tag or another resource's tag never matches (412 once the resource is found); a value
 * that is no entity tag at all (`If-Match: 2`) is a malformed request (400), not a stale one.
 */
export function expectedVersions(header: string | string[] | undefined, id: string): number[] | undefined {
  if (header === undefined) return undefined;
  const values = [header].flat().join(',').split(',').map((v) => v.trim()).filter(Boolean);
  if (values.length === 0 || values.includes('*')) return undefined;
  if (!values.every((value) => ENTITY_TAG.test(value))) {
    throw ValidationError.field('If-Match', 'must be * or a list of entity tags such as "<id>:<version>:<status>" (quotes included)');
  }
  const versions: number[] = [];
  for (const value of values) {
    const match = ETAG.exec(value);
    if (match && match[1]!.toLowerCase() === id.toLowerCase()) versions.push(Number(match[2]));
  }
  return versions;
}
