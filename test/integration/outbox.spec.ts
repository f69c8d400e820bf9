import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { inSpan, type RedisService, SpanKind, startTracing, systemContext } from '#common';
import { ConsumerStore, EventEnvelope, OutboxRelay, RedisStreamsEventTransport, StreamConsumer, type UnitOfWork } from '#messaging';
import { eventually } from '../harness/http.js';
import { PrivateRedis } from '../harness/private-servers.js';
import { EventPath } from '../harness/event-path.js';

/**
 * The durable event path against a real PostgreSQL and a private redis-server (stopped and
 * restarted empty here; the shared Redis is never touched): outbox → relay → Redis stream →
 * consumer group → inbox, with retries and dead letters.
 */
describe('durable domain events', () => {
  const SOURCE = 'jobs'; // an outbox whose events (job.*) the contracts route to a stream
  let path: EventPath;
  let redis: PrivateRedis;
  let dataSource: DataSource;
  let redisService: RedisService;
  let relay: OutboxRelay;
  let uow: UnitOfWork;
  const consumers: StreamConsumer[] = [];
  const handled: EventEnvelope[] = [];
  const poisoned = new Set<string>();

  const consumer = (group: string, sink: EventEnvelope[] = handled) => {
    const store = new ConsumerStore(dataSource, SOURCE);
    const c = new StreamConsumer(redisService, group, [SOURCE], store, {
      handles: (type) => type.startsWith('job.'),
      dispatch: async (event) => {
        if (poisoned.has(event.aggregateId)) throw new Error('poison');
        sink.push(event);
      },
    }, { maxAttempts: 3, retryBaseMs: 50, claimIdleMs: 5000, retentionDays: 7 });
    c.start();
    consumers.push(c);
    return c;
  };

  // Published inside a span continuing a caller's trace, as a use case behind the transport is.
  const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const publish = (aggregateId: string, fail = false) =>
    inSpan('use case', { kind: SpanKind.SERVER, traceparent: CALLER }, () =>
      uow.run(systemContext('req-1', 'demo'), async (tx) => {
        await tx.publish({ type: 'job.registered', aggregateId, aggregateVersion: 1, payload: { aggregateId } });
        if (fail) throw new Error('the use case failed after publishing');
      }),
    );

  const id = (n: number) => `0190a8f1-0000-7000-8000-${String(n).padStart(12, '0')}`;

  beforeAll(async () => {
    startTracing('outbox-test');
    redis = await PrivateRedis.create();
    path = await EventPath.create(SOURCE, { REDIS_URL: redis.url, REDIS_PREFIX: 'events-test' });
    ({ dataSource, redis: redisService, relay, uow } = path);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await path.close();
    redis.kill();
  });

  it('delivers a committed event with its envelope to the consumer group, woken by the commit', async () => {
    consumer('jobs');
    await publish(id(1));
    // The relay's polling timer is not started here: only the wake after commit can deliver it.
    await eventually(async () => (handled.length === 1 ? true : undefined), 3000, 10);
    expect(handled[0]).toMatchObject({
      type: 'job.registered',
      tenant: 'demo',
      aggregateId: id(1),
      aggregateVersion: 1,
      requestId: 'req-1',
      payload: { aggregateId: id(1) },
    });
    // The same trace as the caller's, from the use case's own span.
    expect(handled[0]!.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-(?!b7ad6b7169203331)[0-9a-f]{16}-00$/);
    expect(handled[0]!.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    await expect(publish(id(2), true)).rejects.toThrow('the use case failed');
    await relay.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handled.map((e) => e.aggregateId)).toEqual([id(1)]);
  });

  it('two relays publish every event once, in commit order; two replicas share the group and handle each once', async () => {
    handled.length = 0;
    consumer('jobs'); // a second replica of the same group
    const second = new OutboxRelay(dataSource, SOURCE, new RedisStreamsEventTransport(redisService));
    const ids = Array.from({ length: 150 }, (_, i) => id(1000 + i));
    for (const aggregateId of ids) await publish(aggregateId);
    await Promise.all([relay.flush(), second.flush(), relay.flush()]);
    const stream = await redisService.client.xrange(redisService.key('{events}', SOURCE), '-', '+');
    expect(stream.map(([, fields]) => JSON.parse(fields[1]!).aggregateId).slice(-150)).toEqual(ids);
    await eventually(async () => (handled.length >= 150 ? true : undefined));
    expect(handled.map((e) => e.aggregateId).sort()).toEqual([...ids].sort());
  });

  it('a poison event goes to the dead letters after its attempts while the 100 behind it are handled', async () => {
    handled.length = 0;
    poisoned.add(id(5000));
    await publish(id(5000));
    const behind = Array.from({ length: 100 }, (_, i) => id(5001 + i));
    for (const aggregateId of behind) await publish(aggregateId);
    await eventually(async () => (handled.length === 100 ? true : undefined));
    expect(handled.map((e) => e.aggregateId).sort()).toEqual(behind);
    const store = new ConsumerStore(dataSource, SOURCE);
    const [dead] = await eventually(async () => {
      const letters = await store.listDeadLetters(10);
      return letters.length === 1 ? letters : undefined;
    });
    expect(dead).toMatchObject({ consumer: 'jobs', source: SOURCE, messageType: 'job.registered', attempts: 3, error: { code: 'INTERNAL' } });
    expect(dead!.payload.aggregateId).toBe(id(5000));
  });

  it('after Redis restarts empty, the kept events are published again and no consumer applies one twice', async () => {
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM ${SOURCE}.outbox`);
    handled.length = 0;
    relay.onApplicationBootstrap(); // the relay's safety-net polling, as in the running product
    redis.kill();
    await publish(id(9000)); // committed while Redis is down: the relay cannot publish it yet
    await redis.start();
    await eventually(async () => (handled.some((e) => e.aggregateId === id(9000)) ? true : undefined), 15_000);
    const stream = await redisService.client.xrange(redisService.key('{events}', SOURCE), '-', '+');
    expect(stream).toHaveLength(before[0].n + 1); // every committed event, republished from the outbox
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handled.map((e) => e.aggregateId)).toEqual([id(9000)]);
  });

  it('keeps published events until every consumer group acknowledged them, then trims the stream and the outbox', async () => {
    const stream = redisService.key('{events}', SOURCE);
    await dataSource.query(`UPDATE ${SOURCE}.outbox SET published_at = now() - interval '8 days'`);
    await redisService.client.xgroup('CREATE', stream, 'laggard', '0'); // a group that has read nothing yet
    const kept = await dataSource.query(`SELECT count(*)::int AS n FROM ${SOURCE}.outbox`);
    await relay.housekeep();
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${SOURCE}.outbox`)).toEqual(kept);
    expect(await redisService.client.xlen(stream)).toBe(kept[0].n);

    await redisService.client.xgroup('DESTROY', stream, 'laggard');
    await relay.housekeep();
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${SOURCE}.outbox`)).toEqual([{ n: 0 }]);
    expect(await redisService.client.xlen(stream)).toBe(0);
  });
});
