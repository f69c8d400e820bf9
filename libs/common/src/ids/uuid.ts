import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';
import { ValidationError } from '../errors/index.js';

/** Any RFC 9562 UUID string: any version, any letter case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Random bytes drawn 4 KiB at a time. `v7()` alone asks WebCrypto for 16 bytes per id, which
 * measured 7.9 µs per id here against 0.6 µs with this pool (a write makes about eight ids).
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

function random16(): Uint8Array {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

/** uuid's own v7 state (not exported by it): ids of one millisecond stay in creation order. */
let lastMs = -Infinity;
let seq = 0;

/** A time-ordered RFC 9562 version 7 UUID. */
export function newId(): string {
  const random = random16();
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  return v7({ random, msecs: lastMs, seq });
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An id a client sent (a path parameter, a body field): a UUID, or a 400 naming the field. */
export function requireUuid(value: unknown, field = 'id'): string {
  if (!isUuid(value)) throw ValidationError.field(field, 'must be a UUID');
  return value;
}
