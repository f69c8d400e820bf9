import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthService, loadConfig, newId, PlatformConfig, RedisService, systemContext } from '#common';
import { RedisMessageServer, RedisRequestClient, RequestEnvelope } from '#messaging';
import { replyOf } from '../harness/transport.js';
import { eventually } from '../harness/http.js';
import { PrivateRedis } from '../harness/private-servers.js';

/**
 * The split-mode request transport against a private redis-server (killed and restarted here;
 * the shared Redis is never touched): one replica per request, deadlines, and Redis outages.
 */
describe('Redis request transport', () => {
  let redis: PrivateRedis;
  const services: RedisService[] = [];
  const replicas: RedisMessageServer[] = [];
  const handled: Array<{ replica: number; id: string }> = [];
  let client: RedisRequestClient;

  const redisService = () => {
    const config = loadConfig(PlatformConfig, { REDIS_URL: redis.url, REDIS_PREFIX: 'transport-test', NODE_ENV: 'test' });
    const service = new RedisService(config, new HealthService({ required: [] }));
    services.push(service);
    return service;
  };

  const envelope = (type: string, data: unknown, timeoutMs = 2000): RequestEnvelope => ({
    ...systemContext(newId()),
    id: newId(),
    type,
    data,
    deadline: Date.now() + timeoutMs,
  });

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    for (const replica of [1, 2]) {
      const server = new RedisMessageServer(redisService());
      server.addHandler('campaigns.echo', async (request: RequestEnvelope) => {
        handled.push({ replica, id: request.id });
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { echo: request.data, replica };
      });
      server.listen(() => undefined);
      replicas.push(server);
    }
    client = new RedisRequestClient(redisService());
    client.onModuleInit();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    redis.kill();
  });

  it('hands each request to exactly one replica, and both replicas share the load', async () => {
    // The replicas' consumer group starts at the stream's end: wait until both read it.
    await eventually(async () => ((await replyOf(client, envelope('campaigns.echo', 'warm-up'))).ok ? true : undefined));
    handled.length = 0;
    const requests = Array.from({ length: 200 }, (_, i) => envelope('campaigns.echo', i));
    const replies = await Promise.all(requests.map((r) => replyOf(client, r)));
    expect(replies.map((r) => (r.ok ? (r.data as { echo: number }).echo : r.error.code))).toEqual(requests.map((_, i) => i));
    expect(handled).toHaveLength(200);
    expect(new Set(handled.map((h) => h.id)).size).toBe(200);
    expect(new Set(handled.map((h) => h.replica))).toEqual(new Set([1, 2]));
  });

  it('answers DEADLINE_EXCEEDED by the deadline when no replica serves the service', async () => {
    const started = Date.now();
    const reply = await replyOf(client, envelope('jobs.echo', null, 300));
    expect(reply).toMatchObject({ ok: false, error: { kind: 'timeout', code: 'DEADLINE_EXCEEDED' } });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a replica drops a request whose deadline has passed', async () => {
    handled.length = 0;
    await replyOf(client, { ...envelope('campaigns.echo', 'late'), deadline: Date.now() - 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handled).toHaveLength(0);
  });

  it('fails at once with SERVICE_UNAVAILABLE while Redis is down, and serves again when it returns', async () => {
    redis.kill();
    await eventually(async () => (services[2]!.client.status !== 'ready' ? true : undefined));
    const started = Date.now();
    const reply = await replyOf(client, envelope('campaigns.echo', 'x', 5000));
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unavailable', code: 'SERVICE_UNAVAILABLE' } });
    expect(Date.now() - started).toBeLessThan(1000);

    await redis.start();
    const back = await eventually(async () => {
      const r = await replyOf(client, envelope('campaigns.echo', 'again', 1000));
      return r.ok ? r : undefined;
    }, 20_000, 200);
    expect(back.data).toMatchObject({ echo: 'again' });
  });
});
