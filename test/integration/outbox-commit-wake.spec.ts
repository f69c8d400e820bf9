import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { newId } from '#common';
import { eventually } from '../harness/http.js';
import { EventPath } from '../harness/event-path.js';

/**
 * A relay learns of another process's commit from PostgreSQL (the outbox trigger's NOTIFY), not
 * from its one-second poll: rows committed on a connection outside the relay's process are
 * published within a fraction of the poll interval, every time.
 */
describe('outbox relay woken by commits of other processes', () => {
  const SOURCE = 'jobs';
  let path: EventPath;
  let other: pg.Client;

  beforeAll(async () => {
    path = await EventPath.create(SOURCE);
    path.relay.onApplicationBootstrap();
    other = new pg.Client({ connectionString: path.env.databaseUrl });
    await other.connect();
  });

  afterAll(async () => {
    await other?.end();
    await path?.close();
  });

  it('publishes each row another process committed well within the poll interval', async () => {
    // Give the listener its connection (it also drains once when it starts listening).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lags: number[] = [];
    for (let i = 0; i < 5; i++) {
      const id = newId();
      await other.query(
        `INSERT INTO ${SOURCE}.outbox (id, type, tenant, aggregate_id, aggregate_version, payload) VALUES ($1, 'job.registered', 't', $2, 0, '{}')`,
        [id, newId()],
      );
      const committed = Date.now();
      await eventually(async () => ((await path.dataSource.query(`SELECT 1 FROM ${SOURCE}.outbox WHERE id = $1 AND published_at IS NOT NULL`, [id])).length ? true : undefined), 5000, 5);
      lags.push(Date.now() - committed);
      // Spread the rows over the poll's phase.
      await new Promise((resolve) => setTimeout(resolve, 150 + i * 70));
    }
    // A poll of 1 s would publish a row after 500 ms on average: five in a row within 300 ms by
    // chance is about 0.2 %; woken by the commit, each takes a few milliseconds.
    expect(Math.max(...lags)).toBeLessThan(300);
  });
});
