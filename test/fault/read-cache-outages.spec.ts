import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, type TenantCredentials } from '../harness/auth.js';
import { inDays } from '../harness/campaigns.js';
import { eventually } from '../harness/http.js';
import { PrivatePostgres, PrivateRedis } from '../harness/private-servers.js';
import { Product } from '../harness/product.js';

const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((x) => x.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const live = (name: string) => ({ name, startDate: inDays(-1), endDate: inDays(30) });

/**
 * The read cache when a dependency goes away, with private servers (the shared ones are never
 * touched): with Redis down reads and writes still answer (in-process level, then PostgreSQL)
 * and health says degraded; with PostgreSQL down a cached answer is served stale, marked with
 * `Warning: 110`, for at most CACHE_STALE_IF_ERROR_MS, then the 503 problem.
 */
describe('read cache, Redis down', () => {
  let redis: PrivateRedis;
  let product: Product;
  let a: TenantCredentials;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    product = await Product.start({ REDIS_URL: redis.url }, 'monolith');
    a = await tenantWithCredentials(product);
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
    redis?.kill();
  });

  it('answers every read and write without a 5xx, reads its own writes, and says degraded until Redis is back', async () => {
    const first = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: live('Before the outage') });
    expect(first.status).toBe(201);
    for (let i = 0; i < 3; i++) expect(ids(await product.get('/v1/campaign-events/live', a.headers.apiKey))).toEqual([first.body.id]);

    redis.kill();
    const degraded = await eventually(async () => {
      const res = await product.get('/health/ready');
      return res.body.dependencies?.redis?.status === 'down' ? res : undefined;
    });
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');

    for (let i = 0; i < 10; i++) {
      const res = await product.get('/v1/campaign-events/live', a.headers.apiKey);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([first.body.id]);
    }
    const second = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: live('During the outage') });
    expect(second.status).toBe(201);
    expect(ids(await product.get('/v1/campaign-events/live', a.headers.apiKey)).sort()).toEqual([first.body.id, second.body.id].sort());
    const one = await product.get(`/v1/campaign-events/${second.body.id}`, a.headers.apiKey);
    expect(one.status).toBe(200);
    expect((await product.get(`/v1/campaign-events/${second.body.id}`, { ...a.headers.apiKey, 'if-none-match': one.headers.get('etag')! })).status).toBe(304);
    const metrics = (await product.get('/metrics')).text;
    expect(metrics).toMatch(/^read_cache_redis_errors_total [1-9]/m);

    await redis.start();
    await eventually(async () => ((await product.get('/health/ready')).body.status === 'ok' ? true : undefined), 20_000);
    // Back to normal: a write is seen at once, and the in-process level serves hits again.
    const third = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: live('After the outage') });
    expect(third.status).toBe(201);
    expect(ids(await product.get('/v1/campaign-events/live', a.headers.apiKey))).toHaveLength(3);
  });
});

describe('read cache, PostgreSQL down', () => {
  let pg: PrivatePostgres;
  let product: Product;
  let a: TenantCredentials;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    product = await Product.start({ DATABASE_URL: pg.url, CACHE_MAX_TTL_MS: '1000', CACHE_STALE_IF_ERROR_MS: '6000' }, 'monolith');
    a = await tenantWithCredentials(product);
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
    pg?.destroy();
  });

  it('serves a cached answer stale, marked, for the configured time, then the 503 problem; fresh again once it is back', async () => {
    const c = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: live('Cached before the crash') });
    expect(c.status).toBe(201);
    // The write's domain event invalidates the tenant once more when it is delivered; an entry
    // it invalidated is never served stale (it is known to be outdated), so read after it.
    await sleep(1000);
    const fresh = await product.get('/v1/campaign-events/live', a.headers.apiKey);
    expect(ids(fresh)).toEqual([c.body.id]);
    expect(fresh.headers.get('warning')).toBeNull();
    expect((await product.get(`/v1/campaign-events/${c.body.id}`, a.headers.apiKey)).status).toBe(200);

    pg.crash();
    const crashedAt = Date.now();
    await sleep(1200); // past the entries' 1 s TTL
    const stale = await product.get('/v1/campaign-events/live', a.headers.apiKey);
    expect({ status: stale.status, body: stale.status === 200 ? undefined : stale.body }).toEqual({ status: 200 });
    expect(ids(stale)).toEqual([c.body.id]);
    expect(stale.headers.get('warning')).toBe('110 - "Response is Stale"');
    expect(stale.headers.get('cache-control')).toBe('private, max-age=0');
    const staleOne = await product.get(`/v1/campaign-events/${c.body.id}`, a.headers.apiKey);
    expect(staleOne).toMatchObject({ status: 200, body: { id: c.body.id, status: 'live' } });
    expect(staleOne.headers.get('warning')).toBe('110 - "Response is Stale"');

    // Never cached: the problem at once.
    const uncached = await product.get('/v1/campaign-events?limit=7', a.headers.apiKey);
    expect(uncached.status).toBe(503);
    expect(uncached.body.code).toBe('SERVICE_UNAVAILABLE');

    // Past the stale-if-error window: the problem too.
    await sleep(Math.max(0, crashedAt + 1000 + 6000 + 500 - Date.now()));
    const expired = await product.get('/v1/campaign-events/live', a.headers.apiKey);
    expect(expired.status).toBe(503);
    expect(expired.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    pg.start();
    const back = await eventually(async () => {
      const res = await product.get('/v1/campaign-events/live', a.headers.apiKey);
      return res.status === 200 ? res : undefined;
    }, 30_000);
    expect(back.headers.get('warning')).toBeNull();
    expect(ids(back)).toEqual([c.body.id]);
  });
});
