import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { bearer, opsToken, staffToken, uniqueSlug } from '../harness/auth.js';
import { eventually, request } from '../harness/http.js';
import { freePort, PrivateRedis } from '../harness/private-servers.js';
import { Spawned } from '../harness/spawned.js';
import { adminQuery, TestEnvironment } from '../harness/test-env.js';

/**
 * Redis (a private redis-server; the shared one is never touched) goes away for 10 s under a
 * running monolith and comes back empty: writes commit all along, and within 5 s of its return
 * every event, those published before the outage included, is on its stream again.
 */
describe('Redis outage in monolith mode', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let monolith: Spawned;
  let base: string;
  let editor: Record<string, string>;

  const createCampaign = (name: string) =>
    request(base, 'POST', '/v1/campaign-events', {
      headers: editor,
      body: { name, startDate: '2031-01-01T00:00:00Z', endDate: '2031-01-02T00:00:00Z' },
    });
  const outboxIds = async (): Promise<string[]> =>
    (await adminQuery(`SELECT id FROM marketing.outbox ORDER BY seq`, [], env.databaseUrl)).rows.map((r: { id: string }) => r.id);
  const streamIds = async (): Promise<string[]> => {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      const entries = await client.xrange(`${env.redisPrefix}:{events}:marketing`, '-', '+');
      return entries.map(([, fields]) => (JSON.parse(fields[1]!) as { id: string }).id);
    } catch {
      return [];
    } finally {
      client.disconnect();
    }
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    redis = await PrivateRedis.create();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    monolith = Spawned.start('monolith', env.vars({ PORT: String(port), REDIS_URL: redis.url }));
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).body?.status === 'ok' ? true : undefined), 20_000);
    const slug = uniqueSlug('redis');
    const tenant = await request(base, 'POST', '/v1/admin/tenants', { headers: bearer(await opsToken()), body: { slug, name: 'Redis outage', timezone: 'UTC' } });
    expect(tenant.status).toBe(201);
    editor = bearer(await staffToken({ tenant: slug, roles: ['editor'] }));
  });

  afterAll(async () => {
    await monolith?.stop('SIGKILL');
    redis?.kill();
    await env?.drop();
  });

  it('commits writes while Redis is down, and delivers every event within 5 s of its return', async () => {
    expect((await createCampaign('before the outage')).status).toBe(201);
    await eventually(async () => ((await streamIds()).length === 1 ? true : undefined));

    redis.kill();
    const downSince = Date.now();
    const during = await Promise.all(Array.from({ length: 5 }, (_, i) => createCampaign(`during the outage ${i}`)));
    expect(during.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ready = await request(base, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', dependencies: { redis: { status: 'down' } } });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - downSince))));

    await redis.start(); // empty: the stream and its history are gone
    const back = Date.now();
    const committed = await outboxIds();
    expect(committed).toHaveLength(6);
    await eventually(async () => ((await streamIds()).length === committed.length ? true : undefined), 10_000, 50);
    const deliveredWithin = Date.now() - back;
    expect(await streamIds()).toEqual(committed);
    expect(deliveredWithin).toBeLessThan(5_000);
  }, 60_000);
});
