import { AppError, ErrorKind, FieldError } from './app.error.js';

/** RFC 9457 problem details, as every error response of the API carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const STATUS: Record<ErrorKind, { status: number; title: string }> = {
  invalid: { status: 400, title: 'Bad Request' },
  unauthenticated: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not Found' },
  method_not_allowed: { status: 405, title: 'Method Not Allowed' },
  not_acceptable: { status: 406, title: 'Not Acceptable' },
  request_timeout: { status: 408, title: 'Request Timeout' },
  conflict: { status: 409, title: 'Conflict' },
  precondition_failed: { status: 412, title: 'Precondition Failed' },
  payload_too_large: { status: 413, title: 'Content Too Large' },
  unsupported_media_type: { status: 415, title: 'Unsupported Media Type' },
  rate_limited: { status: 429, title: 'Too Many Requests' },
  headers_too_large: { status: 431, title: 'Request Header Fields Too Large' },
  internal: { status: 500, title: 'Internal Server Error' },
  unavailable: { status: 503, title: 'Service Unavailable' },
  timeout: { status: 504, title: 'Gateway Timeout' },
};

/** Whether a string names a kind of the error model (what a codec receiving one from elsewhere must check). */
export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.hasOwn(STATUS, value);
}

export function statusOf(kind: ErrorKind): number {
  return STATUS[kind].status;
}

/** The one mapping from the error model to problem+json. */
export function toProblem(error: AppError, instance: string, requestId: string): Problem {
  const { status, title } = STATUS[error.kind];
  const { errors, ...extensions } = error.details;
  const problem: Problem = {
    ...extensions,
    type: `https://problems.campaigns.dev/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail: error.message,
    instance,
    code: error.code,
    requestId,
  };
  if (status === 400) problem.errors = errors ?? [];
  return problem;
}
