// (e0) of the benchmark: the write (e) makes, with nothing else. A bare Fastify server whose
// POST inserts the campaign and its outbox event in one transaction through a plain pg pool
// (10 connections, pg's and TypeORM's default), into copies of the product's tables (same
// columns, defaults and indexes, in schema raw_bench of the same database); no framework, auth,
// validation, audit, cache invalidation or relay. Copies, because rows in the product's own
// outbox would be relayed and consumed by the monolith that is still running, which would then
// compete with this baseline for the same two cores.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const [port, databaseUrl] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
await pool.query(`CREATE SCHEMA IF NOT EXISTS raw_bench;
  CREATE TABLE IF NOT EXISTS raw_bench.campaigns (LIKE marketing.campaigns INCLUDING ALL);
  CREATE TABLE IF NOT EXISTS raw_bench.outbox (LIKE marketing.outbox INCLUDING ALL)`);
const app = Fastify({ logger: false });
app.post('/v1/campaign-events', async (request, reply) => {
  const body = request.body;
  const id = randomUUID();
  const now = new Date();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO raw_bench.campaigns (id, tenant, name, description, start_date, end_date, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)`,
      [id, 'bench', body.name, body.description ?? null, body.startDate, body.endDate, now],
    );
    await client.query(
      `INSERT INTO raw_bench.outbox (id, type, tenant, aggregate_id, aggregate_version, request_id, traceparent, payload) VALUES ($1, 'campaign.created', 'bench', $2, 1, $3, NULL, $4)`,
      [randomUUID(), id, String(request.id), JSON.stringify({ id, name: body.name, startDate: body.startDate, endDate: body.endDate })],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return reply.status(201).send({ id, name: body.name, startDate: body.startDate, endDate: body.endDate, version: 1 });
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.('ready');
