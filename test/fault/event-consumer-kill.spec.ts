import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { HealthService, loadConfig, newId, PlatformConfig, RedisService, systemContext } from '#common';
import { messagingMigrations, OutboxRelay, RedisStreamsEventTransport, UnitOfWork } from '#messaging';
import { eventually } from '../harness/http.js';
import { TestEnvironment } from '../harness/test-env.js';

/**
 * kill -9 of a consumer replica in the middle of a burst of 1,000 events: after it restarts,
 * every event has been applied exactly once in effect, and nothing is left pending.
 */
describe('a consumer killed with SIGKILL mid-burst', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  let redis: RedisService;
  let relay: OutboxRelay;
  const children: ChildProcess[] = [];

  const startConsumer = (): ChildProcess => {
    const child = spawn(process.execPath, ['test/fault/fixtures/event-consumer.mjs'], { env: env.vars(), stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const count = async (sql: string): Promise<number> => (await dataSource.query(sql))[0].n;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = new DataSource({ type: 'postgres', url: env.databaseUrl, schema: 'jobs', migrations: messagingMigrations('jobs') });
    await dataSource.initialize();
    await dataSource.query('CREATE SCHEMA jobs');
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE jobs.effects (event_id uuid PRIMARY KEY, applied integer NOT NULL DEFAULT 1)');
    redis = new RedisService(loadConfig(PlatformConfig, env.vars()), new HealthService({ required: [] }));
    relay = new OutboxRelay(dataSource, 'jobs', new RedisStreamsEventTransport(redis));
    relay.onApplicationBootstrap();
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await relay.onApplicationShutdown();
    await redis.onApplicationShutdown();
    await dataSource.destroy();
    await env.drop();
  });

  it('applies each of 1,000 events exactly once', async () => {
    const victim = startConsumer();
    startConsumer();
    const uow = new UnitOfWork(dataSource, 'jobs', relay);
    const burst = (async () => {
      for (let i = 0; i < 1000; i++) {
        const id = newId();
        await uow.run(systemContext(`burst-${i}`, 'demo'), (tx) => tx.publish({ type: 'job.registered', aggregateId: id, aggregateVersion: 1, payload: { i } }));
      }
    })();

    await eventually(async () => ((await count('SELECT count(*)::int AS n FROM jobs.effects')) >= 150 ? true : undefined), 30_000, 10);
    victim.kill('SIGKILL');
    await burst;
    startConsumer(); // the killed replica comes back

    await eventually(async () => ((await count('SELECT count(*)::int AS n FROM jobs.effects')) === 1000 ? true : undefined), 60_000, 100);
    const stream = redis.key('{events}', 'jobs');
    await eventually(async () => {
      const [pending] = (await redis.client.xpending(stream, 'jobs')) as [number];
      return pending === 0 ? true : undefined;
    }, 30_000);
    expect(await count('SELECT count(*)::int AS n FROM jobs.outbox')).toBe(1000);
    expect(await count('SELECT count(*)::int AS n FROM jobs.outbox o LEFT JOIN jobs.effects e ON e.event_id = o.id WHERE e.event_id IS NULL')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM jobs.inbox')).toBe(1000);
    // A handler may run again only for the events in flight when its process died (one read batch at most).
    expect(await count('SELECT coalesce(sum(applied - 1), 0)::int AS n FROM jobs.effects')).toBeLessThanOrEqual(50);
  });
});
