import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiQuery, ApiSecurity } from '@nestjs/swagger';
import { ApiProblemResponses as ApiCommonProblemResponses, createdLinks, fieldProblem, problem as problem_, PROBLEM_SCHEMA, type ProblemExample } from '#common';

/**
 * OpenAPI of the campaigns and events routes: every status each route can answer, and for each
 * error an example problem+json with its `code`, as clients see it.
 */
const CAMPAIGN_PROBLEM_SCHEMA = {
  ...PROBLEM_SCHEMA,
  properties: {
    ...PROBLEM_SCHEMA.properties,
    eventIds: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'EVENTS_OUTSIDE_CAMPAIGN: the events the new window would leave outside.' },
  },
};

const ID = '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70';
const EVENT_ID = '0196b1f3-0a11-7b22-8c33-4d5e6f708192';

const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) => problem_(status, code, detail, extra, `/v1/campaign-events/${ID}`);

const bad = (summary: string, code: string, field: string, message: string): ProblemExample => fieldProblem(summary, field, message, code);

export const EXAMPLES = {
  validation: bad('A field is wrong or missing', 'VALIDATION_FAILED', 'name', 'must be longer than or equal to 1 characters'),
  unknownField: bad('An unknown body field', 'VALIDATION_FAILED', 'colour', 'property colour should not exist'),
  endBeforeStart: bad('End not after start', 'VALIDATION_FAILED', 'endDate', 'must be after startDate'),
  noOffset: bad('ISO date without an offset, or a date alone', 'VALIDATION_FAILED', 'startDate', 'must be an ISO 8601 date-time with an offset (e.g. 2026-11-27T09:00:00+01:00 or ...Z) or yyyy/MM/dd HH:mm:ss in the tenant time zone'),
  dstGap: bad('Legacy time in a daylight-saving gap', 'VALIDATION_FAILED', 'startDate', 'does not exist in time zone Europe/Berlin (a daylight-saving gap)'),
  malformedJson: bad('Malformed JSON', 'MALFORMED_JSON', 'body', 'is not valid JSON'),
  badId: bad('Malformed id in the path', 'VALIDATION_FAILED', 'id', 'must be a UUID'),
  badLimit: bad('limit outside 1–200', 'VALIDATION_FAILED', 'limit', 'must be an integer from 1 to 200'),
  badCursor: bad('A cursor this list did not give out', 'VALIDATION_FAILED', 'cursor', 'is not a cursor this list gave out'),
  badStatus: bad('Unknown status', 'VALIDATION_FAILED', 'status', 'must be one of upcoming, live, ended'),
  moveEvent: bad('An event cannot move to another campaign', 'VALIDATION_FAILED', 'campaignEventId', 'cannot be changed: an event cannot move to another campaign'),
  emptyPatch: bad('A PATCH that changes nothing', 'VALIDATION_FAILED', 'body', 'must set at least one of name, description, startDate, endDate'),
  unauthenticated: { summary: 'No or invalid credentials', value: problem(401, 'UNAUTHENTICATED', 'Authentication is required.') },
  forbidden: { summary: 'An API key or a viewer writing', value: problem(403, 'FORBIDDEN', 'You are not allowed to do this.') },
  notFound: { summary: 'No such campaign in your tenant (or another tenant\'s)', value: problem(404, 'NOT_FOUND', `Campaign ${ID} does not exist.`) },
  eventNotFound: { summary: 'No such event in your tenant (or another tenant\'s)', value: problem(404, 'NOT_FOUND', `Event ${EVENT_ID} does not exist.`) },
  unknownCampaign: { summary: 'Unknown campaignEventId in the body', value: problem(404, 'NOT_FOUND', `Campaign ${ID} does not exist.`) },
  eventOutside: {
    summary: 'The event does not fit its campaign\'s window',
    value: problem(409, 'EVENT_OUTSIDE_CAMPAIGN', 'The event must lie inside its campaign\'s window, 2026-11-27T08:00:00.000Z to 2026-11-30T19:00:00.000Z.', {
      campaignEventId: ID, campaignStartDate: '2026-11-27T08:00:00.000Z', campaignEndDate: '2026-11-30T19:00:00.000Z',
    }),
  },
  eventsOutside: {
    summary: 'The new window would leave events outside',
    value: problem(409, 'EVENTS_OUTSIDE_CAMPAIGN', `The new window would leave 1 event(s) outside the campaign: ${EVENT_ID}.`, { eventIds: [EVENT_ID] }),
  },
  requestIdReused: {
    summary: 'The X-Request-Id of an earlier create, sent by another user or with another body',
    value: problem(409, 'REQUEST_ID_REUSED', 'Request id r-123 was already used with a different body; send a new X-Request-Id.', { differs: 'body' }),
  },
  stale: { summary: 'If-Match names a version that is not the current one', value: problem(412, 'PRECONDITION_FAILED', 'The resource has changed since the version named in If-Match.') },
  tooLarge: { summary: 'Body over 1 MiB', value: problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB.') },
  mediaType: { summary: 'Body not application/json', value: problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json.') },
  rateLimited: { summary: 'Too many requests', value: problem(429, 'RATE_LIMITED', 'Too many requests; retry after 1 s.') },
  unavailable: { summary: 'The campaigns service cannot be reached', value: problem(503, 'SERVICE_UNAVAILABLE', 'The service is unavailable. Try again shortly.') },
  timeout: { summary: 'The campaigns service did not answer in time', value: problem(504, 'DEADLINE_EXCEEDED', 'The service did not answer in time.') },
} satisfies Record<string, ProblemExample>;

type ExampleName = keyof typeof EXAMPLES;

const TITLES: Record<number, string> = {
  400: 'Bad request: malformed JSON, wrong, missing or unknown fields, bad dates, a malformed id, bad list parameters',
  401: 'No credentials, or invalid ones',
  403: 'Authenticated, without the role this needs',
  404: 'Not found in your tenant',
  409: 'Conflicts with the campaign window rules, or an X-Request-Id reused for another create',
  412: 'If-Match is stale',
  413: 'Body over 1 MiB',
  415: 'Body is not application/json',
  429: 'Rate limited (Retry-After, RateLimit-* headers)',
  503: 'The campaigns service is unavailable',
  504: 'The campaigns service did not answer in time',
};

/** One problem+json response per status, with the named examples of that status. */
function ApiProblemResponses(byStatus: Partial<Record<number, ExampleName[]>>): MethodDecorator {
  const examples = Object.entries(byStatus).map(([status, names]) => [status, Object.fromEntries((names ?? []).map((name) => [name, EXAMPLES[name]]))]);
  return ApiCommonProblemResponses(Object.fromEntries(examples), TITLES, CAMPAIGN_PROBLEM_SCHEMA);
}

/** What every authenticated route can answer besides its own statuses. */
const COMMON = {
  401: ['unauthenticated'],
  429: ['rateLimited'],
  503: ['unavailable'],
  504: ['timeout'],
} satisfies Partial<Record<number, ExampleName[]>>;

export function ReadProblems(extra: Partial<Record<number, ExampleName[]>>): MethodDecorator {
  return applyDecorators(ApiSecurity('api-key'), ApiSecurity('staff'), ApiProblemResponses({ ...COMMON, 403: ['forbidden'], ...extra }));
}

export function WriteProblems(extra: Partial<Record<number, ExampleName[]>>): MethodDecorator {
  return applyDecorators(ApiSecurity('staff'), ApiProblemResponses({ ...COMMON, 403: ['forbidden'], ...extra }));
}

export const IdParam = (description: string) => ApiParam({ name: 'id', format: 'uuid', description: `${description} (any RFC 9562 UUID; malformed: 400)` });

export const ETagHeader = { ETag: { description: 'Strong entity tag `"<id>:<version>:<status>"`; send it back in If-Match.', schema: { type: 'string' } } };

export const IfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag you last read (or `*`). When the resource has another version since: 412. Without it, the edit applies to the current version.',
  });

export function ListQueries(withStatus: boolean): MethodDecorator {
  return applyDecorators(
    ...(withStatus ? [ApiQuery({ name: 'status', required: false, enum: ['upcoming', 'live', 'ended'], description: 'Judged now, with the half-open window.' })] : []),
    ApiQuery({ name: 'q', required: false, description: 'A substring of the name, any case.', schema: { type: 'string', maxLength: 200 } }),
    ApiQuery({ name: 'limit', required: false, description: 'Page size, 1–200 (else 400).', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }),
    ApiQuery({ name: 'cursor', required: false, description: 'The previous page\'s `nextCursor` (opaque; a bad one: 400). Unknown parameters are ignored.', schema: { type: 'string' } }),
  );
}

/** From a created campaign or event to the operations on it. */
export const CAMPAIGN_LINKS = createdLinks({ getCampaign: 'The campaign', changeCampaign: 'Change it', deleteCampaign: 'Delete it with its events', listCampaignEvents: 'Its events' });
export const EVENT_LINKS = createdLinks({ getEvent: 'The event', changeEvent: 'Change it', deleteEvent: 'Delete it' });
