import { describe, expect, it } from '@jest/globals';
import { acceptsEventStream, changeMessageOf, compareStreamIds, resumeFrom, sseFrame } from './push-message.js';

describe('push messages', () => {
  it('orders stream ids by milliseconds, then sequence, as numbers', () => {
    expect(compareStreamIds('1700000000000-0', '1700000000000-1')).toBeLessThan(0);
    expect(compareStreamIds('1700000000001-0', '1700000000000-9')).toBeGreaterThan(0);
    expect(compareStreamIds('999-10', '999-9')).toBeGreaterThan(0);
    expect(compareStreamIds('5-5', '5-5')).toBe(0);
  });

  it('replays after an id the log still holds, and resets otherwise', () => {
    const bounds = { first: '1000-0', last: '5000-3' };
    expect(resumeFrom('1000-0', bounds)).toEqual({ replayAfter: '1000-0' });
    expect(resumeFrom('4000-7', bounds)).toEqual({ replayAfter: '4000-7' });
    expect(resumeFrom('5000-3', bounds)).toEqual({ replayAfter: '5000-3' });
    for (const id of ['999-9', '5000-4', '6000-0', 'garbage', '', '1-', '-1', '1e3-0', '1-0-0', `${'9'.repeat(16)}-0`]) {
      expect(resumeFrom(id, bounds)).toEqual({ reset: expect.any(String) });
    }
  });

  it('takes only an Accept that names text/event-stream with a non-zero quality', () => {
    expect(acceptsEventStream('text/event-stream')).toBe(true);
    expect(acceptsEventStream('application/json, Text/Event-Stream; q=0.5')).toBe(true);
    for (const accept of [undefined, '', '*/*', 'text/*', 'application/json', 'text/event-stream;q=0', 'text/event-stream-x']) {
      expect(acceptsEventStream(accept)).toBe(false);
    }
  });

  it('announces a durable change by type, id and version, with the campaign of an event', () => {
    const base = { id: 'e1', tenant: 't', occurredAt: '2026-11-30T10:00:00.000Z', aggregateId: 'a1', aggregateVersion: 3, requestId: null, traceparent: null };
    expect(changeMessageOf({ ...base, type: 'campaign.updated', payload: { campaignEventId: 'ignored' } })).toEqual({ type: 'campaign.updated', id: 'a1', version: 3, occurredAt: base.occurredAt });
    expect(changeMessageOf({ ...base, type: 'event.created', payload: { campaignEventId: 'c1' } })).toEqual({ type: 'event.created', id: 'a1', version: 3, campaignId: 'c1', occurredAt: base.occurredAt });
    expect(changeMessageOf({ ...base, type: 'job.queued', payload: {} })).toBeNull();
    expect(changeMessageOf({ ...base, type: 'campaign.created', aggregateVersion: undefined })).toBeNull();
  });

  it('frames a message as one SSE event with its id and type', () => {
    expect(sseFrame('1-0', 'live.changed', '{"type":"live.changed"}')).toBe('id: 1-0\nevent: live.changed\ndata: {"type":"live.changed"}\n\n');
  });
});
