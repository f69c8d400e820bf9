import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/**
 * SHA-256 (hex) of a JSON value written with its object keys sorted: the same body sent with
 * its members in another order has the same hash (idempotency keys and request ids compare bodies this way).
 */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(stringify(value) ?? 'null').digest('hex');
}
