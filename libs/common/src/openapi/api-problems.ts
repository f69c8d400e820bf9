import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** The OpenAPI schema of every error response (RFC 9457 problem details with the product's extensions). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'],
  properties: {
    type: { type: 'string', example: 'https://problems.campaigns.dev/validation-failed' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', example: '/v1/admin/tenants' },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, wrong or missing fields, unknown fields, a malformed id, a bad limit or cursor',
  401: 'No credentials, or a malformed, wrongly signed or expired token, or an unknown or revoked API key',
  403: 'Authenticated, but without the role this needs',
  404: 'No such resource in your tenant',
  409: 'Conflicts with the current state',
  412: 'If-Match names a version that is not the current one',
  413: 'Body over 1 MiB',
  415: 'Body is not application/json',
  429: 'Too many requests (see Retry-After and RateLimit-* headers)',
  503: 'A service the request needs is unavailable',
};

/** Declares the problem+json responses a route can answer, one per status. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: PROBLEM_SCHEMA as never } },
      }),
    ),
  );
}
