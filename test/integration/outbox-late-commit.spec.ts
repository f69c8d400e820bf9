import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { type RedisService, systemContext } from '#common';
import type { OutboxRelay, RedisStreamsEventTransport, UnitOfWork } from '#messaging';
import { eventually } from '../harness/http.js';
import { EventPath } from '../harness/event-path.js';

/**
 * Concurrent transactions commit in any order: a transaction that took its outbox `seq` first
 * may commit after another one whose event the relay already published. Its event must still
 * reach the stream (it was lost before: Redis refused an ID below the stream's top, and the relay
 * took that for a repeat and marked the row published). Real PostgreSQL and Redis.
 */
describe('outbox: a transaction that commits after a later one', () => {
  const SOURCE = 'jobs';
  let path: EventPath;
  let dataSource: DataSource;
  let redis: RedisService;
  let transport: RedisStreamsEventTransport;
  let relay: OutboxRelay;
  let uow: UnitOfWork;

  const streamIds = async () => (await redis.client.xrange(redis.key('{events}', SOURCE), '-', '+')).map(([, fields]) => JSON.parse(fields[1]!).aggregateId as string);
  const id = (n: number) => `0190a8f1-0000-7000-8000-${String(n).padStart(12, '0')}`;

  beforeAll(async () => {
    path = await EventPath.create(SOURCE);
    ({ dataSource, redis, transport, relay, uow } = path);
  });

  afterAll(async () => {
    await path.close();
  });

  it('its event is published after the ones already on the stream, once', async () => {
    let commitFirst!: () => void;
    const held = new Promise<void>((resolve) => (commitFirst = resolve));
    const publish = (aggregateId: string, before?: Promise<void>) =>
      uow.run(systemContext(`req-${aggregateId}`, 'demo'), async (tx) => {
        await tx.publish({ type: 'job.registered', aggregateId, aggregateVersion: 1, payload: {} });
        await before;
      });

    const first = publish(id(1), held); // takes the lower seq, commits last
    await eventually(async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND datname = $1`, [path.env.name]))[0].n > 0 ? true : undefined));
    await publish(id(2)); // higher seq, committed and published first
    await relay.flush();
    expect(await streamIds()).toEqual([id(2)]);

    commitFirst();
    await first;
    await relay.flush();
    expect(await streamIds()).toEqual([id(2), id(1)]);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${SOURCE}.outbox WHERE published_at IS NULL`);
    expect(n).toBe(0);

    // A repeat of a row already on the stream under its own seq still adds nothing.
    const rows = await dataSource.query(`SELECT seq FROM ${SOURCE}.outbox WHERE aggregate_id = $1`, [id(2)]);
    await transport.append(SOURCE, [{ seq: rows[0].seq, event: { id: 'repeat', type: 'job.registered', aggregateId: id(2) } as never }]);
    expect(await streamIds()).toEqual([id(2), id(1)]);
  });
});
