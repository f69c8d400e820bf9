import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyHeader, bearer, opsToken, staffToken, uniqueSlug } from '../harness/auth.js';
import { EventStreamClient } from '../harness/event-stream.js';
import { eventually, request } from '../harness/http.js';
import { freePort, PrivateRedis } from '../harness/private-servers.js';
import { Spawned } from '../harness/spawned.js';
import { TestEnvironment } from '../harness/test-env.js';

/**
 * The live stream while its Redis (a private redis-server; the shared one is never touched) is
 * killed for 5 s and comes back empty, under a monolith: the open stream stays open (heartbeats
 * go on), the changes committed meanwhile reach it once Redis is back, each once, and a client
 * resuming with an id from before the loss is told to reload (`reset`), since the log it named
 * is gone.
 */
describe('live stream through a Redis outage (monolith)', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let monolith: Spawned;
  let base: string;
  let editor: Record<string, string>;
  let apiKey: Record<string, string>;
  const clients: EventStreamClient[] = [];

  const create = async (name: string): Promise<string> => {
    const res = await request(base, 'POST', '/v1/campaign-events', { headers: editor, body: { name, startDate: '2031-01-01T00:00:00Z', endDate: '2031-01-02T00:00:00Z' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const open = async (lastEventId?: string) => {
    const client = await EventStreamClient.open(base, apiKey, lastEventId);
    clients.push(client);
    await client.next((m) => m.event === 'ready');
    return client;
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    redis = await PrivateRedis.create();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    monolith = Spawned.start('monolith', env.vars({ PORT: String(port), REDIS_URL: redis.url, PUSH_HEARTBEAT_S: '1' }));
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).body?.status === 'ok' ? true : undefined), 30_000);
    const slug = uniqueSlug('push');
    const ops = bearer(await opsToken());
    expect((await request(base, 'POST', '/v1/admin/tenants', { headers: ops, body: { slug, name: 'Push outage', timezone: 'UTC' } })).status).toBe(201);
    const key = await request(base, 'POST', `/v1/admin/tenants/${slug}/api-keys`, { headers: ops, body: { name: 'app' } });
    expect(key.status).toBe(201);
    apiKey = apiKeyHeader(key.body.key);
    editor = bearer(await staffToken({ tenant: slug, roles: ['editor'] }));
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await monolith?.stop('SIGKILL');
    redis?.kill();
    await env?.drop();
  });

  it('keeps the stream open, delivers what was committed meanwhile once Redis is back, and resets an id from the lost log', async () => {
    const stream = await open();
    const before = await create('before the outage');
    await stream.next((m) => m.data.id === before);
    const idBeforeLoss = stream.lastEventId!;

    redis.kill();
    const heartbeatsAtKill = stream.comments;
    const during = [await create('during the outage 1'), await create('during the outage 2')];
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(stream.ended).toBe(false);
    expect(stream.comments - heartbeatsAtKill).toBeGreaterThanOrEqual(3);

    await redis.start(); // empty: the push log and the event streams are gone
    const back = Date.now();
    await stream.until(() => during.every((id) => stream.messages.some((m) => m.data.id === id)), 30_000, 'the changes made during the outage');
    process.stdout.write(`changes made during the outage reached the open stream ${Date.now() - back} ms after Redis came back\n`);
    const created = stream.of('campaign.created').map((m) => m.data.id);
    expect(created).toEqual([before, ...during]);
    expect(stream.ended).toBe(false);

    const resumed = await EventStreamClient.open(base, apiKey, idBeforeLoss);
    clients.push(resumed);
    const reset = await resumed.next((m) => m.event === 'reset');
    expect(reset.data.reason).toMatch(/older than what the stream retains/);
    // From the reset's id on, the stream goes on: a later change arrives on both.
    const after = await create('after the outage');
    await resumed.next((m) => m.data.id === after);
    await stream.next((m) => m.data.id === after);
  }, 90_000);
});
