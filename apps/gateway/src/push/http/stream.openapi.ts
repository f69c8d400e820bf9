import { ApiProblems, examplesOf, problem as problem_ } from '#common';

/** OpenAPI of the live stream: what it sends, and every problem it can answer instead. */

const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) => problem_(status, code, detail, extra, '/v1/campaign-events/stream');

export const STREAM_DESCRIPTION = [
  'Server-Sent Events of the caller\'s tenant. Send `Accept: text/event-stream` (anything else: 406). Each message has an `id`, an `event` (its type) and one `data` line of JSON:',
  '',
  '| event | data | when |',
  '| --- | --- | --- |',
  '| `campaign.created`, `campaign.updated`, `campaign.deleted` | `{type, id, version, occurredAt}` | a campaign changed |',
  '| `event.created`, `event.updated`, `event.deleted` | `{type, id, version, campaignId, occurredAt}` | an event changed |',
  '| `live.changed` | `{type, at}` | one of the tenant\'s campaigns or events started or ended at `at`, so the `live` lists changed although nobody wrote |',
  '| `reset` | `{type, reason}` | `Last-Event-ID` names messages no longer kept: reload what you show |',
  '| `ready` | `{type}` | what was missed has been sent; from here on, messages arrive as they happen |',
  '',
  'A read after a message (on any server) sees the state the message announced. Reconnect with `Last-Event-ID` to receive what you missed (kept PUSH_RETENTION_S, 6 h by default). Comment lines (`:`) are heartbeats; `retry:` says how long to wait before reconnecting. Streams end after a while (PUSH_MAX_STREAM_S) and when a server stops, with a short `retry:`: reconnect with `Last-Event-ID`.',
].join('\n');

export const STREAM_EXAMPLES = {
  changes: {
    summary: 'A new stream: ready, then a creation, then a boundary',
    value: [
      'retry: 3000',
      ': live stream of mall-of-berlin',
      '',
      'id: 1764403200000-0',
      'event: ready',
      'data: {"type":"ready"}',
      '',
      'id: 1764403212345-0',
      'event: campaign.created',
      'data: {"type":"campaign.created","id":"0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70","version":1,"occurredAt":"2026-11-29T08:00:12.340Z"}',
      '',
      'id: 1764406800000-0',
      'event: live.changed',
      'data: {"type":"live.changed","at":"2026-11-29T09:00:00.000Z"}',
      '',
      ':',
      '',
    ].join('\n'),
  },
  reset: {
    summary: 'A resume past what the stream keeps',
    value: ['retry: 3000', '', 'id: 1764403300000-0', 'event: reset', 'data: {"type":"reset","reason":"Last-Event-ID is older than what the stream retains"}', '', 'id: 1764403300000-0', 'event: ready', 'data: {"type":"ready"}', ''].join('\n'),
  },
};

export const STREAM_HEADERS = {
  'Cache-Control': { description: '`no-store`: a stream is never cached.', required: true, schema: { type: 'string' } },
  'X-Accel-Buffering': { description: '`no`: proxies that buffer answers (nginx) pass each message on at once.', required: true, schema: { type: 'string' } },
};

export const STREAM_PROBLEMS = ApiProblems(
  401,
  { 403: examplesOf({ summary: 'An operator (operators have no tenant)', value: problem(403, 'FORBIDDEN', 'Operators have no tenant; use /v1/admin/* routes.') }) },
  { 406: examplesOf({ summary: 'Accept does not ask for text/event-stream', value: problem(406, 'NOT_ACCEPTABLE', 'This route answers an event stream only: send Accept: text/event-stream.') }) },
  {
    429: examplesOf(
      { summary: 'Too many requests', value: problem(429, 'RATE_LIMITED', 'Too many requests; retry after 1 s.') },
      { summary: 'The server or the credentials hold their limit of streams', value: problem(429, 'TOO_MANY_STREAMS', 'These credentials hold their limit of 5000 live streams on this server.') },
    ),
  },
  { 503: examplesOf({ summary: 'This server is shutting down', value: problem(503, 'SERVICE_UNAVAILABLE', 'This replica is shutting down; reconnect.') }) },
);
