import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, type TenantCredentials } from '../harness/auth.js';
import { inDays } from '../harness/campaigns.js';
import { request } from '../harness/http.js';
import { MODE, Product, type Replica } from '../harness/product.js';

const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((x) => x.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value of a counter sample in Prometheus text, 0 when absent. */
function sample(metrics: string, name: string, labels = ''): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/**
 * The read cache through HTTP, in both modes: read-your-write on another replica of the edge,
 * time-correct answers with no write, ETag/304, max-age bounded by the tenant's next start or
 * end, cache metrics. TTL and max-age caps are set long here so that only invalidation and the
 * next boundary can end an entry.
 */
describe(`read cache (${MODE})`, () => {
  let product: Product;
  let replica: Replica;
  let a: TenantCredentials;

  const on = (url: string, method: string, path: string, headers: Record<string, string>, body?: unknown) => request(url, method, path, { headers, body });
  const liveCampaign = (name: string) => ({ name, startDate: inDays(-1), endDate: inDays(30) });

  beforeAll(async () => {
    product = await Product.start({ CACHE_MAX_TTL_MS: '600000', CACHE_HTTP_MAX_AGE_S: '600', CACHE_STALE_IF_ERROR_MS: '60000' });
    a = await tenantWithCredentials(product);
    replica = await product.startReplica();
  }, 90_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('lets a client read its own write on another replica, while that replica had the old answer cached', async () => {
    const first = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: liveCampaign('Spring days') });
    expect(first.status).toBe(201);
    // The other replica caches the list (twice read: the second is an in-process hit).
    for (let i = 0; i < 2; i++) expect(ids(await on(replica.url, 'GET', '/v1/campaign-events/live', a.headers.apiKey))).toEqual([first.body.id]);

    const second = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: liveCampaign('Summer days') });
    expect(second.status).toBe(201);
    expect(ids(await on(replica.url, 'GET', '/v1/campaign-events/live', a.headers.apiKey)).sort()).toEqual([first.body.id, second.body.id].sort());

    // A rename on one replica, read at once on the other (the resource and the lists).
    expect((await on(replica.url, 'GET', `/v1/campaign-events/${first.body.id}`, a.headers.apiKey)).body.name).toBe('Spring days');
    const renamed = await product.request('PATCH', `/v1/campaign-events/${first.body.id}`, { headers: a.headers.editor, body: { name: 'Spring nights' } });
    expect(renamed.status).toBe(200);
    const read = await on(replica.url, 'GET', `/v1/campaign-events/${first.body.id}`, a.headers.apiKey);
    expect(read.body).toMatchObject({ name: 'Spring nights', version: 2 });
    expect(read.headers.get('etag')).toBe(renamed.headers.get('etag'));

    // Writes on the replica, read on the first edge: events of a campaign, live events, delete.
    expect((await product.get(`/v1/campaign-events/${first.body.id}/events`, a.headers.apiKey)).body.items).toEqual([]);
    expect((await product.get('/v1/events/live', a.headers.apiKey)).body.items).toEqual([]);
    const event = await on(replica.url, 'POST', '/v1/events', a.headers.editor, { name: 'Concert', campaignEventId: first.body.id, startDate: inDays(-0.5), endDate: inDays(1) });
    expect(event.status).toBe(201);
    expect(ids(await product.get(`/v1/campaign-events/${first.body.id}/events`, a.headers.apiKey))).toEqual([event.body.id]);
    expect(ids(await product.get('/v1/events/live', a.headers.apiKey))).toEqual([event.body.id]);
    expect((await product.get(`/v1/events/${event.body.id}`, a.headers.apiKey)).status).toBe(200);
    expect((await on(replica.url, 'DELETE', `/v1/events/${event.body.id}`, a.headers.editor)).status).toBe(204);
    expect((await product.get(`/v1/events/${event.body.id}`, a.headers.apiKey)).status).toBe(404);
    expect((await product.get('/v1/events/live', a.headers.apiKey)).body.items).toEqual([]);
    expect((await on(replica.url, 'DELETE', `/v1/campaign-events/${second.body.id}`, a.headers.editor)).status).toBe(204);
    expect(ids(await product.get('/v1/campaign-events/live', a.headers.apiKey))).toEqual([first.body.id]);
  });

  it('answers 304 to a matching If-None-Match, with a strong ETag on resources and lists, and Vary', async () => {
    const c = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: liveCampaign('Etag fair') });
    for (const path of [`/v1/campaign-events/${c.body.id}`, '/v1/campaign-events/live', '/v1/campaign-events?limit=10', '/v1/events/live']) {
      const res = await product.get(path, a.headers.apiKey);
      expect(res.status).toBe(200);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(res.headers.get('vary')).toBe('Authorization, X-Api-Key');
      expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      const again = await product.get(path, { ...a.headers.apiKey, 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      // The same answer through staff credentials and the other replica has the same tag.
      expect((await on(replica.url, 'GET', path, { ...a.headers.viewer, 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
      expect((await product.get(path, { ...a.headers.apiKey, 'if-none-match': '"something-else"' })).status).toBe(200);
    }
    // Unknown query parameters (cache-busters) do not change the answer or its tag.
    const plain = await product.get('/v1/campaign-events/live', a.headers.apiKey);
    const busted = await product.get(`/v1/campaign-events/live?_=${Date.now()}`, a.headers.apiKey);
    expect(busted.headers.get('etag')).toBe(plain.headers.get('etag'));
    // A write changes the list's tag.
    await product.request('PATCH', `/v1/campaign-events/${c.body.id}`, { headers: a.headers.editor, body: { description: 'now with a description' } });
    expect((await product.get('/v1/campaign-events/live', { ...a.headers.apiKey, 'if-none-match': plain.headers.get('etag')! })).status).toBe(200);
  });

  it('bounds max-age by the next moment one of the tenant\'s campaigns or events starts or ends', async () => {
    const b = await tenantWithCredentials(product);
    await product.request('POST', '/v1/campaign-events', { headers: b.headers.editor, body: liveCampaign('Long one') });
    const maxAge = async (path: string) => Number(/max-age=(\d+)/.exec((await product.get(path, b.headers.apiKey)).headers.get('cache-control')!)![1]);
    expect(await maxAge('/v1/campaign-events/live')).toBeGreaterThan(500); // next boundary in 30 days: the 600 s cap
    const start = Date.now() + 40_000;
    await product.request('POST', '/v1/campaign-events', { headers: b.headers.editor, body: { name: 'Soon', startDate: new Date(start).toISOString(), endDate: inDays(2) } });
    for (const path of ['/v1/campaign-events/live', '/v1/campaign-events?status=upcoming', '/v1/events/live']) {
      const age = await maxAge(path);
      expect(age).toBeLessThanOrEqual(40);
      expect(age).toBeGreaterThanOrEqual(25);
    }
  });

  it('turns upcoming into live at its start with no write, while the reads are cached', async () => {
    const b = await tenantWithCredentials(product);
    const start = Date.now() + 2500;
    const c = await product.request('POST', '/v1/campaign-events', { headers: b.headers.editor, body: { name: 'Flash', startDate: new Date(start).toISOString(), endDate: inDays(1) } });
    const path = `/v1/campaign-events/${c.body.id}`;
    for (let i = 0; i < 3; i++) {
      expect((await product.get(path, b.headers.apiKey)).body.status).toBe('upcoming');
      expect(await product.get('/v1/campaign-events/live', b.headers.apiKey)).toMatchObject({ body: { items: [] } });
      expect(ids(await on(replica.url, 'GET', '/v1/campaign-events?status=upcoming', b.headers.apiKey, undefined))).toEqual([c.body.id]);
    }
    const cached = await product.get(path, b.headers.apiKey);
    expect(Number(/max-age=(\d+)/.exec(cached.headers.get('cache-control')!)![1])).toBeLessThanOrEqual(3);
    await sleep(Math.max(0, start - Date.now()) + 100);
    expect((await product.get(path, b.headers.apiKey)).body.status).toBe('live');
    expect(ids(await product.get('/v1/campaign-events/live', b.headers.apiKey))).toEqual([c.body.id]);
    expect((await on(replica.url, 'GET', '/v1/campaign-events?status=upcoming', b.headers.apiKey)).body.items).toEqual([]);
    // A client revalidating with the old tag gets the new representation, not a 304.
    expect((await product.get(path, { ...b.headers.apiKey, 'if-none-match': cached.headers.get('etag')! })).status).toBe(200);
  });

  it('counts hits, misses, loads and invalidations per level in /metrics', async () => {
    const before = (await product.get('/metrics')).text;
    const c = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: liveCampaign('Metered') });
    for (let i = 0; i < 20; i++) expect((await product.get('/v1/campaign-events/live', a.headers.apiKey)).status).toBe(200);
    expect((await product.get(`/v1/campaign-events/${c.body.id}`, a.headers.apiKey)).status).toBe(200);
    const after = (await product.get('/metrics')).text;
    const delta = (name: string, labels = '') => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('read_cache_hits_total', '{level="memory"}')).toBeGreaterThanOrEqual(18);
    expect(delta('read_cache_misses_total', '{level="memory"}')).toBeGreaterThanOrEqual(2);
    expect(delta('read_cache_loads_total', '{level="memory"}')).toBeGreaterThanOrEqual(2);
    expect(delta('read_cache_invalidations_total', '{level="memory"}')).toBeGreaterThanOrEqual(1);
    expect(delta('read_cache_invalidations_total', '{level="redis"}')).toBeGreaterThanOrEqual(1);
    expect(delta('read_cache_origin_loads_total')).toBeGreaterThanOrEqual(2);
    expect(after).toMatch(/^read_cache_memory_entries \d+/m);
  });
});
