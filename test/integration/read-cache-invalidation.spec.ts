import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthService, loadConfig, MetricsService, RedisService } from '#common';
import { Broadcaster } from '#messaging';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config.js';
import { ReadCache } from '../../apps/gateway/src/read-cache/infrastructure/read-cache.js';
import { eventually } from '../harness/http.js';
import { PrivateRedis } from '../harness/private-servers.js';

/**
 * The read cache's two invalidation paths against a private redis-server: a write invalidates
 * everywhere before its answer, and its own event, consumed later by the same replica, does not
 * invalidate again; an event of a write this replica did not invalidate for still does.
 */
describe('ReadCache invalidation', () => {
  let redis: PrivateRedis;
  let service: RedisService;
  let broadcaster: Broadcaster;
  let cache: ReadCache;
  let metrics: MetricsService;

  const sharedInvalidations = async (): Promise<number> => {
    const text = await metrics.registry.metrics();
    return Number(/^read_cache_invalidations_total\{level="redis"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    const config = loadConfig(GatewayConfig, { REDIS_URL: redis.url, REDIS_PREFIX: 'read-cache-test', NODE_ENV: 'test' });
    service = new RedisService(config, new HealthService({ required: [] }));
    broadcaster = new Broadcaster(service);
    metrics = new MetricsService();
    cache = new ReadCache(config, service, broadcaster, metrics);
    broadcaster.onModuleInit();
    cache.onModuleInit();
    await eventually(async () => (broadcaster.live ? true : undefined), 10_000, 20);
  });

  afterAll(async () => {
    cache.onApplicationShutdown();
    broadcaster.onApplicationShutdown();
    await service.onApplicationShutdown();
    redis.kill();
  });

  it("skips the event of a write it already invalidated for, and only that one", async () => {
    const committedAt = Date.now(); // the event's occurredAt: its transaction began before the answer
    await cache.invalidate('t1', 'request-1');
    expect(await sharedInvalidations()).toBe(1);

    await cache.invalidateForEvent('t1', committedAt, 'request-1');
    expect(await sharedInvalidations()).toBe(1);

    // Another write of the tenant, made elsewhere (no invalidation here): its event invalidates.
    await cache.invalidateForEvent('t1', Date.now(), 'request-2');
    expect(await sharedInvalidations()).toBe(2);
  });
});
