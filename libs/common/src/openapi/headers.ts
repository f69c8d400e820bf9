import { applyDecorators, type Type } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse, type OpenAPIObject, type OperationObject, type ParameterObject, type ResponseObject } from '@nestjs/swagger';

/**
 * The HTTP headers of the API in its OpenAPI document: client generators and caches read them
 * from there, so every header the API sends or reads is declared where it applies.
 */
type HeaderMap = NonNullable<ResponseObject['headers']>;

const TEXT = { type: 'string' } as const;
const SECONDS = { type: 'integer', minimum: 0 } as const;

const REQUEST_ID = 'The request id: the X-Request-Id the client sent when it is safe to log (else a new one). Quote it when reporting a problem.';

export const RESPONSE_HEADERS = {
  requestId: { 'X-Request-Id': { description: REQUEST_ID, required: true, schema: TEXT } },
  rateLimit: {
    'RateLimit-Limit': { description: 'Requests your bucket holds (its burst).', schema: SECONDS },
    'RateLimit-Remaining': { description: 'Requests left in your bucket now.', schema: SECONDS },
    'RateLimit-Reset': { description: 'Seconds until your bucket is full again.', schema: SECONDS },
  },
  retryAfter: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: SECONDS } },
  cacheValidators: {
    ETag: {
      description: 'Strong entity tag of this answer (one resource: `"<id>:<version>:<status>"`, also usable in If-Match; a list: a hash of the body). Send it in If-None-Match to revalidate.',
      required: true,
      schema: TEXT,
    },
    'Cache-Control': { description: '`private, max-age=N`: N never reaches past the tenant\'s next campaign or event start or end.', required: true, schema: TEXT },
    Vary: { description: '`Authorization, X-Api-Key`: the answer depends on who asks.', required: true, schema: TEXT },
    Warning: { description: '`110 - "Response is Stale"` when the origin is unavailable and a cached answer is served.', schema: TEXT },
  },
  noStore: {
    'Cache-Control': { description: '`no-store`: the answer to a write is never cached.', required: true, schema: TEXT },
    Vary: { description: '`Authorization, X-Api-Key`.', schema: TEXT },
  },
  location: { Location: { description: 'The path of the new resource.', required: true, schema: TEXT } },
  idempotentReplayed: { 'Idempotent-Replayed': { description: '`true` when this is the first answer to an earlier request with the same Idempotency-Key and body.', schema: { type: 'string', enum: ['true'] } } },
} satisfies Record<string, HeaderMap>;

/**
 * A cached read (campaigns, events): `200` with its body and cache validators, `304` without a
 * body when `If-None-Match` names the current ETag.
 */
export function ApiCachedRead(type: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag you hold (or a list of them, or `*`): when one is current the answer is 304 without a body.' }),
    ApiOkResponse({ type, headers: RESPONSE_HEADERS.cacheValidators }),
    ApiResponse({ status: 304, description: 'Not Modified: the ETag you sent is current; no body.', headers: RESPONSE_HEADERS.cacheValidators }),
  );
}

const REQUEST_HEADERS: ParameterObject[] = [
  { in: 'header', name: 'X-Request-Id', required: false, description: 'Your id for this request (logged, echoed back, and keeping a retried create from making two resources).', schema: TEXT },
  { in: 'header', name: 'traceparent', required: false, description: 'W3C trace context of the caller: the request\'s spans continue that trace.', schema: TEXT },
];

/** Headers of every response of an operation on `path`, by status. */
function commonResponseHeaders(path: string, status: string): HeaderMap {
  return {
    ...RESPONSE_HEADERS.requestId,
    ...(path.startsWith('/v1/') ? RESPONSE_HEADERS.rateLimit : {}),
    ...(status === '429' || status === '503' ? RESPONSE_HEADERS.retryAfter : {}),
  };
}

/**
 * Declares once, on every operation of a built document, the headers every answer carries
 * (X-Request-Id; RateLimit-* under /v1; Retry-After on 429 and 503) and the request headers
 * every operation reads, instead of repeating them on each route.
 */
export function withCommonHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation?.responses) continue;
      const names = new Set((operation.parameters ?? []).map((p) => ('name' in p ? `${p.in}:${p.name.toLowerCase()}` : '')));
      operation.parameters = [...(operation.parameters ?? []), ...REQUEST_HEADERS.filter((h) => !names.has(`header:${h.name.toLowerCase()}`))];
      for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
        response.headers = { ...commonResponseHeaders(path, status), ...response.headers };
      }
    }
  }
  return document;
}
