import { HttpException } from '@nestjs/common';
import { AppError, ErrorKind, InternalError, normalizeError, ValidationError } from '../errors/index.js';
import { emptyJsonBody, malformedJson } from './json-body.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Errors Fastify raises before any application code runs, by their stable Fastify codes. */
const FASTIFY_ERRORS: Record<string, (e: FastifyLikeError) => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new AppError('payload_too_large', 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new AppError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => emptyJsonBody(),
  FST_ERR_CTP_INVALID_JSON_BODY: () => malformedJson(),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new AppError('invalid', 'INVALID_CONTENT_LENGTH', 'Content-Length does not match the body.', {
      errors: [{ field: 'body', message: 'Content-Length does not match the body' }],
    }),
};

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
};

/**
 * Turns anything thrown while serving an HTTP request into the error model. Whatever is not
 * recognised becomes INTERNAL, whose message never carries the original text (no SQL, no stack).
 */
export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  if (exception instanceof HttpException) return fromHttpException(exception);
  const e = (exception ?? {}) as FastifyLikeError;
  if (e.code && FASTIFY_ERRORS[e.code]) return FASTIFY_ERRORS[e.code]!(e);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const kind = KIND_BY_STATUS[e.statusCode] ?? 'invalid';
    return new AppError(kind, kind === 'invalid' ? 'BAD_REQUEST' : kind.toUpperCase(), 'The request cannot be served.', {
      errors: kind === 'invalid' ? [{ field: 'request', message: 'is malformed' }] : undefined,
    });
  }
  return normalizeError(exception);
}

function fromHttpException(exception: HttpException): AppError {
  // Nest's Fastify adapter wraps Fastify's own errors (body parser, limits) with the original as cause.
  const cause = exception.cause as FastifyLikeError | undefined;
  if (cause?.code && FASTIFY_ERRORS[cause.code]) return FASTIFY_ERRORS[cause.code]!(cause);
  const status = exception.getStatus();
  if (status === 404) return new AppError('not_found', 'ROUTE_NOT_FOUND', 'No such route.');
  const kind = KIND_BY_STATUS[status];
  if (!kind) return new InternalError();
  if (kind === 'invalid') return ValidationError.field('request', 'is malformed');
  return new AppError(kind, kind.toUpperCase(), exception.message);
}
