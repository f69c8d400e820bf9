import { AppError, ErrorKind, normalizeError } from '#common';
import type { WireError } from './envelope.js';

const KINDS: ReadonlySet<string> = new Set<ErrorKind>([
  'invalid', 'unauthenticated', 'forbidden', 'not_found', 'method_not_allowed', 'conflict',
  'precondition_failed', 'payload_too_large', 'unsupported_media_type', 'rate_limited',
  'internal', 'unavailable', 'timeout',
]);

/** The one codec that carries the error model across every transport, both ways. */
export function encodeError(error: unknown): WireError {
  const e = normalizeError(error);
  return { kind: e.kind, code: e.code, message: e.message, details: e.details };
}

export function decodeError(wire: WireError): AppError {
  const kind = KINDS.has(wire?.kind) ? (wire.kind as ErrorKind) : 'internal';
  return new AppError(kind, String(wire?.code ?? 'INTERNAL'), String(wire?.message ?? 'Unexpected error.'), wire?.details ?? {});
}

export function isWireError(value: unknown): value is WireError {
  const v = value as WireError;
  return typeof v === 'object' && v !== null && typeof v.kind === 'string' && typeof v.code === 'string';
}
