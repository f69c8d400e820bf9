import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { systemContext } from '#common';
import { EventEnvelope, InProcessBus, InProcessServer, OutboxRelay, outboxMigration, UnitOfWork } from '#messaging';
import { eventually } from '../harness/http.js';
import { TestEnvironment } from '../harness/test-env.js';

/** The transactional outbox against a real PostgreSQL: events leave only with their commit. */
describe('transactional outbox', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  const received: EventEnvelope[] = [];
  const bus = new InProcessBus();
  const server = new InProcessServer(bus);
  let relay: OutboxRelay;
  let uow: UnitOfWork;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = new DataSource({ type: 'postgres', url: env.databaseUrl, schema: 'probe', migrations: [outboxMigration('probe')] });
    await dataSource.initialize();
    await dataSource.query('CREATE SCHEMA probe');
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE probe.things (id uuid PRIMARY KEY)');
    server.addHandler('thing.created', async (event: EventEnvelope) => void received.push(event), true);
    server.listen(() => undefined);
    relay = new OutboxRelay(dataSource, 'probe', bus);
    uow = new UnitOfWork(dataSource, 'probe', relay);
  });

  afterAll(async () => {
    await relay.onApplicationShutdown();
    await dataSource.destroy();
    await env.drop();
  });

  const create = (id: string, fail = false) =>
    uow.run({ ...systemContext('req-1', 'demo'), traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, async (tx) => {
      await tx.manager.query('INSERT INTO probe.things (id) VALUES ($1)', [id]);
      await tx.publish({ type: 'thing.created', aggregateId: id, aggregateVersion: 1, payload: { id } });
      if (fail) throw new Error('the use case failed after publishing');
    });

  it('delivers a committed event with its envelope, woken by the commit', async () => {
    const id = '0190a8f1-0000-7000-8000-000000000001';
    await create(id);
    // The relay's polling timer is not started here: only the wake after commit can deliver it.
    await eventually(async () => (received.length === 1 ? true : undefined), 2000, 10);
    expect(received[0]).toMatchObject({
      type: 'thing.created',
      tenant: 'demo',
      aggregateId: id,
      aggregateVersion: 1,
      requestId: 'req-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      payload: { id },
    });
    expect(received[0]!.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    await relay.flush();
    const [{ unpublished }] = await dataSource.query('SELECT count(*)::int AS unpublished FROM probe.outbox WHERE published_at IS NULL');
    expect(unpublished).toBe(0);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    received.length = 0;
    await expect(create('0190a8f1-0000-7000-8000-000000000002', true)).rejects.toThrow('the use case failed');
    await relay.flush();
    expect(received).toHaveLength(0);
    const [{ rows }] = await dataSource.query('SELECT count(*)::int AS rows FROM probe.outbox');
    expect(rows).toBe(1);
  });

  it('two relays on one outbox publish every event once, in commit order', async () => {
    received.length = 0;
    const second = new OutboxRelay(dataSource, 'probe', bus);
    const ids = Array.from({ length: 150 }, (_, i) => `0190a8f1-0000-7000-8000-${String(1000 + i).padStart(12, '0')}`);
    for (const id of ids) await create(id);
    await Promise.all([relay.flush(), second.flush(), relay.flush()]);
    await relay.flush();
    expect(received.map((e) => e.aggregateId)).toEqual(ids);
  });
});
