import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthService, loadConfig, newId, PlatformConfig, RedisService, systemContext } from '#common';
import { RedisMessageServer, RedisRequestClient, RequestEnvelope } from '#messaging';
import { replyOf } from '../harness/transport.js';
import { eventually } from '../harness/http.js';
import { TestEnvironment } from '../harness/test-env.js';

/**
 * A replica of a service that shuts down (SIGTERM) under requests, on the real Redis transport:
 * its message server stops taking requests, answers every request it already took, and only
 * then lets the process close its Redis connections (Nest runs `close()`, then the shutdown hooks
 * that quit them). Requests sent meanwhile are answered by the other replica. None fails.
 */
describe('Redis message server: close under load', () => {
  let env: TestEnvironment;
  const services: RedisService[] = [];
  let client: RedisRequestClient;
  const handledBy = new Map<string, string>();

  const redisService = () => {
    const service = new RedisService(loadConfig(PlatformConfig, env.vars()), new HealthService({ required: [] }));
    services.push(service);
    return service;
  };
  const replica = (name: string) => {
    const redis = redisService();
    const server = new RedisMessageServer(redis);
    server.addHandler('campaigns.slow', async (request: RequestEnvelope) => {
      handledBy.set(request.id, name);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { done: request.data };
    });
    server.listen(() => undefined);
    return { server, redis };
  };
  const envelope = (data: unknown, timeoutMs = 5000): RequestEnvelope => ({ ...systemContext(newId()), id: newId(), type: 'campaigns.slow', data, deadline: Date.now() + timeoutMs });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    client = new RedisRequestClient(redisService());
    client.onModuleInit();
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await env.drop();
  });

  it('answers the requests it took, leaves the rest to the other replica, and fails none', async () => {
    const a = replica('a');
    await eventually(async () => ((await replyOf(client, envelope('warm-up', 1000))).ok ? true : undefined));
    const taken = Array.from({ length: 20 }, (_, i) => envelope(`a-${i}`));
    const first = taken.map((r) => replyOf(client, r));
    await eventually(async () => (taken.every((r) => handledBy.has(r.id)) ? true : undefined), 3000, 5);

    const b = replica('b');
    // What Nest does at shutdown: close the message server, then quit the process's connections.
    const closing = a.server.close().then(() => a.redis.onApplicationShutdown());
    const later = Array.from({ length: 20 }, (_, i) => envelope(`later-${i}`));
    const second = later.map((r) => replyOf(client, r));
    await closing;

    const replies = await Promise.all([...first, ...second]);
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    expect(taken.map((r) => handledBy.get(r.id))).toEqual(taken.map(() => 'a'));
    expect(later.every((r) => handledBy.has(r.id))).toBe(true);
    await b.server.close();
  });
});
