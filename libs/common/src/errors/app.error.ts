/**
 * The one error hierarchy of the product. Use cases throw these; they know nothing of HTTP.
 * `kind` says what sort of failure it is (mapped to an HTTP status once, at the HTTP edge);
 * `code` is the stable upper-case string clients rely on.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'not_acceptable'
  | 'request_timeout'
  | 'conflict'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'headers_too_large'
  | 'internal'
  | 'unavailable'
  | 'timeout';

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorDetails {
  errors?: FieldError[];
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], message = 'The request is not valid.') {
    super('invalid', 'VALIDATION_FAILED', message, { errors });
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }], `${field}: ${message}`);
  }
}

export class NotFoundError extends AppError {
  constructor(resource: string, id?: string) {
    super('not_found', 'NOT_FOUND', id ? `${resource} ${id} does not exist.` : `${resource} does not exist.`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('conflict', code, message, details);
  }
}

export class PreconditionFailedError extends AppError {
  constructor(message = 'The resource has changed since the version named in If-Match.') {
    super('precondition_failed', 'PRECONDITION_FAILED', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication is required.') {
    super('unauthenticated', 'UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super('forbidden', 'FORBIDDEN', message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is unavailable. Try again shortly.', details?: ErrorDetails) {
    super('unavailable', 'SERVICE_UNAVAILABLE', message, details);
  }
}

export class DeadlineExceededError extends AppError {
  constructor(message = 'The service did not answer in time.') {
    super('timeout', 'DEADLINE_EXCEEDED', message);
  }
}

export class InternalError extends AppError {
  constructor(message = 'An unexpected error occurred.') {
    super('internal', 'INTERNAL', message);
  }
}
