import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Cluster } from 'ioredis';
import { HealthService, loadConfig, PlatformConfig, RedisService } from '#common';
import { Broadcaster, type ConsumerStore, StreamConsumer } from '#messaging';
import { eventually } from '../harness/http.js';
import { PrivateRedisCluster } from '../harness/private-redis-cluster.js';

/**
 * What a Redis Cluster does differently from one server, against a private three-primary
 * cluster: PUBLISH counts only the subscribers of the node it ran on, so a confirmed broadcast
 * must still wait for every receiver; a blocked group read sits on the node of its stream's slot,
 * so a graceful stop must wake it there.
 */
describe('on a Redis Cluster', () => {
  let cluster: PrivateRedisCluster;
  const services: RedisService[] = [];

  const service = (): RedisService => {
    const config = loadConfig(PlatformConfig, { REDIS_URL: 'redis://ignored:6379', REDIS_CLUSTER_NODES: cluster.nodes, REDIS_PREFIX: 'cluster-test', NODE_ENV: 'test' });
    const created = new RedisService(config, new HealthService({ required: [] }));
    services.push(created);
    return created;
  };

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.create({ primaries: 3, replicasPerPrimary: 1 });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    cluster?.destroy();
  });

  it('connects every connection as a cluster client', () => {
    expect(service().client).toBeInstanceOf(Cluster);
  });

  it('a confirmed broadcast waits for the receivers of every node, each receiving it once', async () => {
    const received: string[][] = [];
    const replicas = Array.from({ length: 4 }, () => {
      const broadcaster = new Broadcaster(service());
      const log: string[] = [];
      received.push(log);
      broadcaster.subscribe<{ n: string }>('topic', { onMessage: (m) => log.push(m.n), onReset: () => undefined });
      broadcaster.onModuleInit();
      return broadcaster;
    });
    await eventually(async () => (replicas.every((r) => r.live) ? true : undefined), 10_000, 20);
    // Every receiver subscribed: a publication counts four.
    await eventually(async () => ((await services[1]!.client.spublish('cluster-test:broadcast:topic', JSON.stringify({ body: { n: 'warm-up' } }))) === 4 ? true : undefined), 10_000, 50);
    for (let i = 0; i < 10; i++) expect(await replicas[i % 4]!.publish('topic', { n: `m${i}` }, { confirmWithinMs: 2000 })).toBe(true);
    for (const log of received) expect(log.filter((n) => n !== 'warm-up')).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    for (const r of replicas) r.onApplicationShutdown();
  });

  it('stops an event consumer blocked on the node of its streams at once, not after its block time', async () => {
    const redis = service();
    // Whichever node the cluster client picks for a keyless command, the wake-up must reach the
    // node of the `{events}` slot: a few consumers in a row would meet a wrong pick.
    for (let round = 0; round < 3; round++) {
      // No event flows, so the store is never asked.
      const consumer = new StreamConsumer(redis, `group-${round}`, ['marketing'], {} as ConsumerStore, { handles: () => true, dispatch: async () => undefined }, { maxAttempts: 3, retryBaseMs: 60_000, claimIdleMs: 600_000, retentionDays: 7 });
      consumer.start();
      // Its read is blocked now (BLOCK 2000 ms): a stop that only waited for it would take up to 2 s.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = Date.now();
      await consumer.stop();
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
