import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthService, loadConfig, PlatformConfig, RedisService } from '#common';
import { Broadcaster } from '#messaging';
import { eventually } from '../harness/http.js';
import { PrivateRedis } from '../harness/private-servers.js';

/**
 * Broadcasts with confirmation, against a private redis-server: the sender is woken by its
 * receivers' confirmations (no polling), counts only the replicas subscribed when it published,
 * and gives up by its deadline.
 */
describe('Broadcaster', () => {
  let redis: PrivateRedis;
  const services: RedisService[] = [];
  const replicas: Broadcaster[] = [];
  const received: string[][] = [];

  const replica = (): Broadcaster => {
    const config = loadConfig(PlatformConfig, { REDIS_URL: redis.url, REDIS_PREFIX: 'broadcast-test', NODE_ENV: 'test' });
    const service = new RedisService(config, new HealthService({ required: [] }));
    services.push(service);
    const broadcaster = new Broadcaster(service);
    const log: string[] = [];
    received.push(log);
    broadcaster.subscribe<{ n: string }>('topic', { onMessage: (m) => log.push(m.n), onReset: () => undefined });
    broadcaster.onModuleInit();
    replicas.push(broadcaster);
    return broadcaster;
  };

  const commands = async (name: string): Promise<number> => {
    const stats = await services[0]!.client.info('commandstats');
    return Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  };

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    for (let i = 0; i < 3; i++) replica();
    await eventually(async () => (replicas.every((r) => r.live) ? true : undefined), 10_000, 20);
    // Subscriptions are sent once connected: wait until the topic has its three subscribers.
    await eventually(async () => ((await services[0]!.client.pubsub('NUMSUB', 'broadcast-test:broadcast:topic'))[1] === 3 ? true : undefined), 10_000, 20);
  });

  afterAll(async () => {
    for (const r of replicas) r.onApplicationShutdown();
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    redis.kill();
  });

  it('resolves true once every replica handled the message, woken by their confirmations rather than by polling', async () => {
    const before = { get: await commands('get'), publish: await commands('publish') };
    expect(await replicas[0]!.publish('topic', { n: 'one' }, { confirmWithinMs: 5000 })).toBe(true);
    expect(received.map((log) => log.at(-1))).toEqual(['one', 'one', 'one']);
    // One publication and one confirmation per other receiver (the sender confirms its own
    // delivery in memory); no reads of a counter while waiting.
    expect(await commands('get')).toBe(before.get);
    expect((await commands('publish')) - before.publish).toBe(3);
  });

  it('does not wait for a replica that went away', async () => {
    const gone = replicas.pop()!;
    gone.onApplicationShutdown();
    await services.pop()!.onApplicationShutdown();
    await eventually(async () => ((await services[0]!.client.pubsub('NUMSUB', 'broadcast-test:broadcast:topic'))[1] === 2 ? true : undefined), 10_000, 20);
    const started = Date.now();
    expect(await replicas[0]!.publish('topic', { n: 'two' }, { confirmWithinMs: 5000 })).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('resolves false by its deadline when a receiver never confirms', async () => {
    // A subscriber that takes the message but never confirms it: a raw connection on the channel.
    const silent = services[0]!.connect('silent-subscriber', { enableOfflineQueue: true, maxRetriesPerRequest: null });
    await silent.subscribe('broadcast-test:broadcast:topic');
    const started = Date.now();
    expect(await replicas[0]!.publish('topic', { n: 'three' }, { confirmWithinMs: 300 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(3000);
    silent.disconnect();
  });
});
