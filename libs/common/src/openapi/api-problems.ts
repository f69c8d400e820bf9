import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';

/** The OpenAPI schema of every error response (RFC 9457 problem details with the product's extensions). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'Some codes add members of their own (e.g. `jobId`, `limit`, `eventIds`): the examples show them.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'],
  additionalProperties: true,
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://problems.campaigns.dev/validation-failed' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', example: '/v1/admin/tenants' },
    code: { type: 'string', pattern: '^[A-Z_]+$', example: 'VALIDATION_FAILED' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Only on 400: each field that is wrong, as a dotted path.',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} satisfies SchemaObject;

export interface ProblemExample {
  summary: string;
  value: Record<string, unknown>;
}

/** Named examples of one status's problems. */
export type ProblemExamples = Record<string, ProblemExample>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A problem+json body as the API answers it (toProblem: extensions never override the standard members), for an example. */
export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}, instance = '/v1/campaign-events'): Record<string, unknown> {
  return {
    ...extra,
    type: `https://problems.campaigns.dev/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    code,
    requestId: '0196b1f4-1111-7222-8333-444455556666',
  };
}

/** A 400 naming one field, as the validation answers it. */
export function fieldProblem(summary: string, field: string, message: string, code = 'VALIDATION_FAILED'): ProblemExample {
  return { summary, value: problem(400, code, `${field}: ${message}`, { errors: [{ field, message }] }) };
}

/** The example of each status a route answers when it has no more specific one. */
const COMMON_EXAMPLES: Record<number, ProblemExample> = {
  400: fieldProblem('A field is wrong, missing or unknown', 'name', 'must be longer than or equal to 1 characters'),
  401: { summary: 'No or invalid credentials', value: problem(401, 'UNAUTHENTICATED', 'Authentication is required.') },
  403: { summary: 'Authenticated, without the role this needs', value: problem(403, 'FORBIDDEN', 'You are not allowed to do this.') },
  404: { summary: 'No such resource in your tenant', value: problem(404, 'NOT_FOUND', 'Job 0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70 does not exist.') },
  413: { summary: 'Body over 1 MiB', value: problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB.') },
  415: { summary: 'Body not application/json', value: problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json.') },
  429: { summary: 'Too many requests', value: problem(429, 'RATE_LIMITED', 'Too many requests; retry after 1 s.') },
  503: { summary: 'A service the request needs is unavailable', value: problem(503, 'SERVICE_UNAVAILABLE', 'The service is unavailable. Try again shortly.') },
  504: { summary: 'A service the request needs did not answer in time', value: problem(504, 'DEADLINE_EXCEEDED', 'The service did not answer in time.') },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, wrong or missing fields, unknown fields, a malformed id, a bad limit or cursor',
  401: 'No credentials, or a malformed, wrongly signed or expired token, or an unknown or revoked API key',
  403: 'Authenticated, but without the role this needs',
  404: 'No such resource in your tenant',
  406: 'The Accept header does not admit what this route answers',
  409: 'Conflicts with the current state',
  412: 'If-Match names a version that is not the current one',
  413: 'Body over 1 MiB',
  415: 'Body is not application/json',
  429: 'Too many requests (see Retry-After and RateLimit-* headers)',
  503: 'A service the request needs is unavailable',
  504: 'A service the request needs did not answer in time',
};

/**
 * One problem+json response per status, each with its named examples (so clients see the
 * `code`s they must handle). `descriptions` and `schema` let a family of routes say more.
 */
export function ApiProblemResponses(
  byStatus: Partial<Record<number, ProblemExamples>>,
  descriptions: Record<number, string> = DESCRIPTIONS,
  schema: SchemaObject = PROBLEM_SCHEMA,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(byStatus).map(([status, examples]) => {
      if (!examples || Object.keys(examples).length === 0) throw new Error(`No example problem declared for status ${status}`);
      return ApiResponse({
        status: Number(status),
        description: descriptions[Number(status)] ?? DESCRIPTIONS[Number(status)] ?? 'Error',
        content: { 'application/problem+json': { schema, examples } },
      });
    }),
  );
}

/**
 * The problem+json responses a route can answer: a status alone gets the common example of
 * that status; `{ 409: { name: example } }` gives a status (or more of them) its own.
 */
export function ApiProblems(...statuses: Array<number | Partial<Record<number, ProblemExamples>>>): MethodDecorator & ClassDecorator {
  const byStatus: Partial<Record<number, ProblemExamples>> = {};
  for (const entry of statuses) {
    const own = typeof entry === 'number' ? { [entry]: examplesOf(COMMON_EXAMPLES[entry]) } : entry;
    for (const [status, examples] of Object.entries(own)) byStatus[Number(status)] = { ...byStatus[Number(status)], ...examples };
  }
  return ApiProblemResponses(byStatus);
}

/** Examples named by their code (`{ NOT_FOUND: ... }`). */
export function examplesOf(...examples: Array<ProblemExample | undefined>): ProblemExamples {
  return Object.fromEntries(examples.filter((e) => e !== undefined).map((e) => [String(e.value.code), e]));
}
