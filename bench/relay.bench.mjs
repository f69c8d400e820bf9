// The outbox relay against raw pipelined XADD, same run, same Redis.
//
// Relay: N events are inserted straight into a running service's outbox (one multi-row INSERT,
// so no commit wakes the relay: its one-second poll finds them); the time runs from the first
// row published to the last (`published_at`), so the poll's wait is not counted.
// Raw: the same N envelopes appended to a scratch stream with XADD, pipelined 100 at a time.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

export async function relayVsRawXadd({ databaseUrl, redisUrl, redisPrefix, count = Number(process.env.BENCH_RELAY_EVENTS ?? 5000) }) {
  const events = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), aggregateId: randomUUID(), payload: { i, name: `Relay bench ${i}` } }));
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO marketing.outbox (id, type, tenant, aggregate_id, aggregate_version, payload)
       SELECT e.id, 'campaign.updated', 'bench-relay', e.aggregate_id, 1, e.payload FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, aggregate_id uuid, payload jsonb)`,
      [JSON.stringify(events.map((e) => ({ id: e.id, aggregate_id: e.aggregateId, payload: e.payload })))],
    );
    const ids = events.map((e) => e.id);
    const deadline = Date.now() + 120_000;
    let row;
    for (;;) {
      ({ rows: [row] } = await db.query(`SELECT count(published_at)::int AS n, min(published_at) AS first, max(published_at) AS last FROM marketing.outbox WHERE id = ANY($1::uuid[])`, [ids]));
      if (row.n === count) break;
      if (Date.now() > deadline) throw new Error(`the relay published ${row.n}/${count} events in 120 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const relaySeconds = Math.max(0.001, (row.last - row.first) / 1000);
    const redis = new Redis(redisUrl);
    const stream = `${redisPrefix}:bench:raw-xadd`;
    const started = performance.now();
    for (let i = 0; i < count; i += 100) {
      const pipeline = redis.pipeline();
      for (const e of events.slice(i, i + 100)) pipeline.xadd(stream, '*', 'e', JSON.stringify({ id: e.id, type: 'campaign.updated', tenant: 'bench-relay', aggregateId: e.aggregateId, aggregateVersion: 1, payload: e.payload }));
      await pipeline.exec();
    }
    const rawSeconds = (performance.now() - started) / 1000;
    await redis.del(stream);
    redis.disconnect();
    const relayPerS = Math.round(count / relaySeconds);
    const rawPerS = Math.round(count / rawSeconds);
    return { events: count, relayEventsPerS: relayPerS, rawXaddEventsPerS: rawPerS, ratio: Math.round((relayPerS / rawPerS) * 100) / 100 };
  } finally {
    await db.end();
  }
}
