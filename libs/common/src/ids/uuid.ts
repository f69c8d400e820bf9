import { v7 } from 'uuid';
import { ValidationError } from '../errors/index.js';

/** Any RFC 9562 UUID string: any version, any letter case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newId(): string {
  return v7();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An id a client sent (a path parameter, a body field): a UUID, or a 400 naming the field. */
export function requireUuid(value: unknown, field = 'id'): string {
  if (!isUuid(value)) throw ValidationError.field(field, 'must be a UUID');
  return value;
}
