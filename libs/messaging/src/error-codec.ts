import { AppError, isErrorKind, normalizeError } from '#common';
import type { WireError } from './envelope.js';

/** The one codec that carries the error model across every transport, both ways. */
export function encodeError(error: unknown): WireError {
  const e = normalizeError(error);
  return { kind: e.kind, code: e.code, message: e.message, details: e.details };
}

export function decodeError(wire: WireError): AppError {
  const kind = isErrorKind(wire?.kind) ? wire.kind : 'internal';
  return new AppError(kind, String(wire?.code ?? 'INTERNAL'), String(wire?.message ?? 'Unexpected error.'), wire?.details ?? {});
}

/**
 * Not part of the error model (a bug, a library's own error): it becomes a 5xx whose cause
 * only the log of the process where it was thrown can tell, with its stack.
 */
export function isUnexpected(error: unknown): boolean {
  return !(error instanceof AppError);
}
