import { CampaignsEvents, type EventEnvelope } from '#messaging';

/**
 * The messages of the live stream (`GET /v1/campaign-events/stream`), and the rules of their
 * ids, kept pure so they are tested alone.
 *
 * A message's `id` is the id Redis gave its entry in the push log (`<ms>-<seq>`): ids grow in
 * the order messages were appended, on every gateway replica alike, so a client's
 * `Last-Event-ID` names the same point in the log wherever it reconnects.
 */

export const CHANGE_TYPES: readonly string[] = Object.values(CampaignsEvents);

/** A campaign or event was created, updated or deleted (the durable event's type, id and version). */
export interface ChangeMessage {
  type: string;
  id: string;
  version: number;
  /** Events only: the campaign the event belongs to. */
  campaignId?: string;
  /** When the change committed (the durable event's `occurredAt`). */
  occurredAt: string;
}

/** One of the tenant's campaigns or events started or ended at `at`: the `live` lists changed. */
export interface LiveChangedMessage {
  type: 'live.changed';
  at: string;
}

export type PushMessage = ChangeMessage | LiveChangedMessage;

/** The change message a durable event of the campaigns context announces, or null for any other event. */
export function changeMessageOf(event: Partial<EventEnvelope>): ChangeMessage | null {
  if (typeof event.type !== 'string' || !CHANGE_TYPES.includes(event.type)) return null;
  if (typeof event.aggregateId !== 'string' || typeof event.aggregateVersion !== 'number' || typeof event.occurredAt !== 'string') return null;
  const payload = (event.payload ?? {}) as { campaignEventId?: unknown };
  return {
    type: event.type,
    id: event.aggregateId,
    version: event.aggregateVersion,
    ...(typeof payload.campaignEventId === 'string' && event.type.startsWith('event.') ? { campaignId: payload.campaignEventId } : {}),
    occurredAt: event.occurredAt,
  };
}

/** A stream id as Redis writes them: milliseconds and a sequence number. */
const STREAM_ID = /^(\d{1,15})-(\d{1,15})$/;

export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

/** A place in the log: a valid stream id, parsed once (a hub compares it with each connection's). */
export class LogPosition {
  readonly ms: number;
  readonly seq: number;

  constructor(readonly id: string) {
    const dash = id.indexOf('-');
    this.ms = Number(id.slice(0, dash));
    this.seq = Number(id.slice(dash + 1));
  }

  isAfter(other: LogPosition): boolean {
    return this.ms > other.ms || (this.ms === other.ms && this.seq > other.seq);
  }
}

/** Orders two stream ids (negative: `a` first). Both must be valid stream ids. */
export function compareStreamIds(a: string, b: string): number {
  const [x, y] = [new LogPosition(a), new LogPosition(b)];
  return x.ms - y.ms || x.seq - y.seq;
}

/** What the log holds when a client resumes: its first and last retained entries. */
export interface LogBounds {
  first: string;
  last: string;
}

/**
 * How a client resuming with `Last-Event-ID` is served: everything after its id, or `reset`
 * when the log cannot tell what it missed:
 * - the id is not one the log gives out;
 * - it is older than the first retained entry (trimmed by retention, or a Redis that lost its
 *   data and started a new log): entries after it may be gone;
 * - it is newer than the last entry (no replica gave it out).
 */
export function resumeFrom(lastEventId: string, bounds: LogBounds): { replayAfter: string } | { reset: string } {
  if (!isStreamId(lastEventId)) return { reset: 'Last-Event-ID is not an id this stream gave out' };
  if (compareStreamIds(lastEventId, bounds.first) < 0) return { reset: 'Last-Event-ID is older than what the stream retains' };
  if (compareStreamIds(lastEventId, bounds.last) > 0) return { reset: 'Last-Event-ID is not an id this stream gave out' };
  return { replayAfter: lastEventId };
}

/** One Server-Sent Events frame: `id`, `event` (the type) and one `data` line of JSON (which has no line breaks). */
export function sseFrame(id: string, type: string, json: string): string {
  return `id: ${id}\nevent: ${type}\ndata: ${json}\n\n`;
}

/**
 * Whether an Accept header asks for an event stream by name (`*\/*` does not): a stream never
 * ends, so a client that did not ask for one (a generic HTTP client, a crawler, a fuzzer) gets
 * a 406 rather than a response that never completes.
 */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return type === 'text/event-stream' && (q === undefined || Number(q.slice(2)) > 0);
  });
}
