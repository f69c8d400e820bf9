import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyHeader, bearer, createApiKey, opsToken, staffToken, tenantWithCredentials, type TenantCredentials } from '../harness/auth.js';
import { compareStreamIds } from '../../apps/gateway/src/push/domain/push-message.js';
import { expectProblem, inDays } from '../harness/campaigns.js';
import { EventStreamClient } from '../harness/event-stream.js';
import { eventually, request } from '../harness/http.js';
import { MODE, Product, type Replica } from '../harness/product.js';

const STREAM = '/v1/campaign-events/stream';
const PER_KEY = 3;
const PER_PROCESS = 6;

/**
 * The live stream (`GET /v1/campaign-events/stream`), in both modes, with real SSE clients:
 * changes within 1 s, coherent with the read cache on another replica, `live.changed` at a
 * boundary nobody wrote, resume with Last-Event-ID (and `reset`), tenant isolation, limits,
 * heartbeats and `retry:`, and the end of streams when a replica stops.
 */
describe(`live stream (${MODE})`, () => {
  let product: Product;
  let replica: Replica;
  let a: TenantCredentials;
  let b: TenantCredentials;
  const open: EventStreamClient[] = [];

  const connect = async (headers: Record<string, string>, lastEventId?: string, url = product.url) => {
    const client = await EventStreamClient.open(url, headers, lastEventId);
    open.push(client);
    return client;
  };
  const ready = async (client: EventStreamClient) => {
    await client.next((m) => m.event === 'ready');
    return client;
  };
  const create = async (creds: TenantCredentials, body: Record<string, unknown>) => {
    const res = await product.request('POST', '/v1/campaign-events', { headers: creds.headers.editor, body });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; etag?: string };
  };
  const liveIds = async (url: string, creds: TenantCredentials) => (await request(url, 'GET', '/v1/campaign-events/live', { headers: creds.headers.apiKey })).body.items.map((c: { id: string }) => c.id);

  beforeAll(async () => {
    product = await Product.start({ PUSH_MAX_STREAMS_PER_KEY: String(PER_KEY), PUSH_MAX_STREAMS: String(PER_PROCESS), PUSH_HEARTBEAT_S: '1', PUSH_RETRY_MS: '2000' });
    a = await tenantWithCredentials(product);
    b = await tenantWithCredentials(product);
    replica = await product.startReplica();
  }, 120_000);

  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('refuses what is not a stream request: no Accept for it (406), no credentials (401), an operator (403)', async () => {
    expectProblem(await product.request('GET', STREAM, { headers: { ...a.headers.apiKey, accept: '*/*' } }), 406, 'NOT_ACCEPTABLE');
    expectProblem(await product.request('GET', STREAM, { headers: { ...a.headers.apiKey, accept: 'text/event-stream;q=0, application/json' } }), 406, 'NOT_ACCEPTABLE');
    expectProblem(await product.request('GET', STREAM, { headers: { accept: 'text/event-stream' } }), 401, 'UNAUTHENTICATED');
    expectProblem(await product.request('GET', STREAM, { headers: { ...bearer(await opsToken()), accept: 'text/event-stream' } }), 403, 'FORBIDDEN');
  });

  it('sends a creation within 1 s, and a read of live on another replica after it sees the new campaign', async () => {
    const stream = await ready(await connect(a.headers.apiKey));
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['x-request-id']).toBeTruthy();
    const onReplica = await ready(await connect(a.headers.viewer, undefined, replica.url));
    for (let i = 0; i < 3; i++) {
      // The replica has the old live list cached before each write.
      const before = await liveIds(replica.url, a);
      const written = Date.now();
      const campaign = await create(a, { name: `Live now ${i}`, startDate: inDays(-1), endDate: inDays(5) });
      const message = await onReplica.next((m) => m.event === 'campaign.created' && m.data.id === campaign.id);
      expect(message.data).toEqual({ type: 'campaign.created', id: campaign.id, version: 1, occurredAt: expect.any(String) });
      expect(message.receivedAt - written).toBeLessThan(1000);
      expect(message.id).toMatch(/^\d+-\d+$/);
      expect(await liveIds(replica.url, a)).toEqual(expect.arrayContaining([...before, campaign.id]));
      await stream.next((m) => m.event === 'campaign.created' && m.data.id === campaign.id);
    }
  });

  it('sends events, updates and deletions with their versions, to the tenant only', async () => {
    const ours = await ready(await connect(a.headers.apiKey));
    const theirs = await ready(await connect(b.headers.apiKey));
    const campaign = await create(a, { name: 'Autumn', startDate: inDays(1), endDate: inDays(9) });
    const event = await product.request('POST', '/v1/events', { headers: a.headers.editor, body: { campaignEventId: campaign.id, name: 'Opening', startDate: inDays(2), endDate: inDays(3) } });
    expect(event.status).toBe(201);
    expect((await product.request('PATCH', `/v1/campaign-events/${campaign.id}`, { headers: a.headers.editor, body: { name: 'Autumn days' } })).status).toBe(200);
    expect((await product.request('DELETE', `/v1/events/${event.body.id}`, { headers: a.headers.editor })).status).toBe(204);
    await ours.until(() => ours.of('event.deleted').length === 1);
    expect(ours.messages.filter((m) => m.event !== 'ready').map((m) => [m.event, m.data.id, m.data.version])).toEqual([
      ['campaign.created', campaign.id, 1],
      ['event.created', event.body.id, 1],
      ['campaign.updated', campaign.id, 2],
      // A deletion is a version of its own.
      ['event.deleted', event.body.id, 2],
    ]);
    expect(ours.of('event.created')[0]!.data.campaignId).toBe(campaign.id);
    const ids = ours.messages.map((m) => m.id!);
    expect([...ids].sort(compareStreamIds)).toEqual(ids);
    // Tenant b's stream saw none of it (its own write comes through, so it was listening).
    const own = await create(b, { name: 'Theirs', startDate: inDays(1), endDate: inDays(2) });
    await theirs.next((m) => m.data.id === own.id);
    expect(theirs.messages.filter((m) => m.event !== 'ready').map((m) => m.data.id)).toEqual([own.id]);
  });

  it('sends live.changed at the start and at the end of a campaign nobody touches, and live reads agree', async () => {
    const stream = await ready(await connect(a.headers.apiKey, undefined, replica.url));
    const start = Date.now() + 2500;
    const campaign = await create(a, { name: 'Flash sale', startDate: new Date(start).toISOString(), endDate: new Date(start + 2000).toISOString() });
    // Cached before the start on both replicas: the boundary, not a write, must end it.
    expect(await liveIds(replica.url, a)).not.toContain(campaign.id);
    expect(await liveIds(product.url, a)).not.toContain(campaign.id);
    const started = await stream.next((m) => m.event === 'live.changed' && m.data.at === new Date(start).toISOString(), 10_000);
    expect(started.receivedAt).toBeGreaterThanOrEqual(start);
    expect(await liveIds(replica.url, a)).toContain(campaign.id);
    expect(await liveIds(product.url, a)).toContain(campaign.id);
    const ended = await stream.next((m) => m.event === 'live.changed' && m.data.at === new Date(start + 2000).toISOString(), 10_000);
    expect(ended.receivedAt).toBeGreaterThanOrEqual(start + 2000);
    expect(await liveIds(replica.url, a)).not.toContain(campaign.id);
    // Announced once, however many replicas watched the boundary.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stream.of('live.changed').filter((m) => m.data.at === new Date(start).toISOString())).toHaveLength(1);
  });

  it('resumes with Last-Event-ID on another replica and misses nothing', async () => {
    const first = await ready(await connect(a.headers.apiKey));
    const before = await create(a, { name: 'Before', startDate: inDays(1), endDate: inDays(2) });
    await first.next((m) => m.data.id === before.id);
    const resumeAt = first.lastEventId!;
    first.close();
    const missed = [];
    for (let i = 0; i < 3; i++) missed.push((await create(a, { name: `Missed ${i}`, startDate: inDays(1), endDate: inDays(2) })).id);
    expect((await product.request('DELETE', `/v1/campaign-events/${missed[0]}`, { headers: a.headers.editor })).status).toBe(204);

    const resumed = await connect(a.headers.apiKey, resumeAt, replica.url);
    await resumed.next((m) => m.event === 'ready');
    // What was in the log comes before `ready`; a change whose event was still on its way, after.
    await resumed.next((m) => m.event === 'campaign.deleted');
    const replayed = resumed.messages.filter((m) => m.event !== 'ready');
    expect(replayed.map((m) => [m.event, m.data.id])).toEqual([...missed.map((id) => ['campaign.created', id]), ['campaign.deleted', missed[0]]]);
    expect(replayed.every((m) => compareStreamIds(m.id!, resumeAt) > 0)).toBe(true);
    // Then live again, without repeating the replay.
    const after = await create(a, { name: 'After', startDate: inDays(1), endDate: inDays(2) });
    await resumed.next((m) => m.data.id === after.id);
    expect(resumed.messages.filter((m) => m.event === 'campaign.created').map((m) => m.data.id)).toEqual([...missed, after.id]);
  });

  it('answers reset to a Last-Event-ID it cannot resume from, with an id to resume from next', async () => {
    for (const lastEventId of ['garbage', '1-0', `${Date.now() + 86_400_000}-0`]) {
      const stream = await connect(a.headers.apiKey, lastEventId);
      const reset = await stream.next((m) => m.event === 'reset');
      expect(reset.data).toEqual({ type: 'reset', reason: expect.any(String) });
      expect(reset.id).toMatch(/^\d+-\d+$/);
      await stream.next((m) => m.event === 'ready');
      stream.close();
      const again = await connect(a.headers.apiKey, reset.id);
      await again.next((m) => m.event === 'ready');
      expect(again.of('reset')).toEqual([]);
      again.close();
    }
  });

  it('keeps idle streams alive with heartbeat comments and gives a retry hint', async () => {
    const stream = await ready(await connect(a.headers.apiKey));
    await stream.until(() => stream.comments >= 3, 10_000, 'heartbeats');
    expect(stream.retries[0]).toBeGreaterThanOrEqual(1000);
    expect(stream.retries[0]).toBeLessThanOrEqual(3000);
  });

  it('limits streams per API key and per process with 429 problem+json', async () => {
    for (let i = 0; i < PER_KEY; i++) await ready(await connect(a.headers.apiKey));
    const refused = await connect(a.headers.apiKey);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(await refused.problem()).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS' });
    for (let i = 0; i < PER_PROCESS - PER_KEY; i++) await ready(await connect(b.headers.apiKey));
    const full = await connect(bearer(await staffToken({ tenant: a.tenant.slug, roles: ['viewer'] })));
    expect(full.status).toBe(429);
    expect(await full.problem()).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    // A closed stream gives its place back.
    open.shift()!.close();
    await eventually(async () => ((await connect(a.headers.apiKey)).status === 200 ? true : undefined), 5000);
  });

  it('ends the streams of a revoked API key and of an expired token; they cannot reconnect', async () => {
    const key = await createApiKey(product, b.tenant.slug, 'revoked soon');
    const keyed = await ready(await connect(apiKeyHeader(key.key)));
    const shortToken = bearer(await staffToken({ tenant: b.tenant.slug, roles: ['viewer'], expiresInS: 3 }));
    const tokened = await ready(await connect(shortToken));
    const revoked = await product.request('DELETE', `/v1/admin/tenants/${b.tenant.slug}/api-keys/${key.id}`, { headers: bearer(await opsToken()) });
    expect(revoked.status).toBe(204);
    await keyed.until(() => keyed.ended, 10_000, 'the revoked key\'s stream to end');
    await tokened.until(() => tokened.ended, 15_000, 'the expired token\'s stream to end');
    expect((await connect(apiKeyHeader(key.key))).status).toBe(401);
    // A token is accepted up to JWT_CLOCK_TOLERANCE_S (5 s) past its expiry; its stream ends at the expiry itself.
    await eventually(async () => ((await connect(shortToken)).status === 401 ? true : undefined), 10_000);
    // Streams of the tenant's other credentials go on.
    const other = await ready(await connect(b.headers.apiKey));
    const campaign = await create(b, { name: 'Still heard', startDate: inDays(1), endDate: inDays(2) });
    await other.next((m) => m.data.id === campaign.id);
  });

  it('ends its streams with a reconnect hint when a replica stops, and clients resume elsewhere', async () => {
    const other = await product.startReplica();
    const stream = await ready(await connect(a.headers.apiKey, undefined, other.url));
    await other.stop();
    await stream.until(() => stream.ended, 30_000, 'the stream to end');
    expect(stream.retries.at(-1)).toBeLessThanOrEqual(1500);
    const campaign = await create(a, { name: 'While away', startDate: inDays(1), endDate: inDays(2) });
    const resumed = await connect(a.headers.apiKey, stream.lastEventId);
    await resumed.next((m) => m.data.id === campaign.id);
  });
});
