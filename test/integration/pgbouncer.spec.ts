import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { newId } from '#common';
import { Deployment, Member } from '../harness/deployment.js';
import { eventually } from '../harness/http.js';
import { PrivatePgBouncer } from '../harness/private-pgbouncer.js';
import { adminQuery, SHARED_POSTGRES } from '../harness/test-env.js';
import type { TenantCredentials } from '../harness/auth.js';
import type { Product } from '../harness/product.js';

/**
 * The split deployment (gateway, campaigns, a jobs API and a jobs worker, from the build) behind
 * a PgBouncer in transaction pooling mode, as production runs it: DATABASE_URL through the
 * pooler, DATABASE_DIRECT_URL to the server. Migrations, writes, reads and the outbox work; what
 * needs a session (the migrations' advisory lock, LISTEN) never lands on a pooled server
 * connection; and what would happen if it did is shown on the same pooler.
 */
describe('behind PgBouncer in transaction pooling mode (split)', () => {
  const POOL_SIZE = 4;
  let bouncer: PrivatePgBouncer;
  let deployment: Deployment;
  let members: Member[];
  let product: Product;
  let t: TenantCredentials;

  /** The backend pids of PgBouncer's server connections: the pooled sessions. */
  const pooledBackends = async (): Promise<number[]> => (await bouncer.admin('SHOW SERVERS')).map((s) => Number(s.remote_pid));
  const direct = (sql: string, params: unknown[] = []) => adminQuery(sql, params, deployment.env.databaseUrl);

  beforeAll(async () => {
    bouncer = await PrivatePgBouncer.create({ postgresPort: Number(new URL(SHARED_POSTGRES).port || 5432), poolSize: 20 });
    deployment = await Deployment.create({ DATABASE_POOL_SIZE: String(POOL_SIZE) });
    const vars = { DATABASE_URL: bouncer.url(deployment.env.name), DATABASE_DIRECT_URL: deployment.env.databaseUrl };
    members = [
      await deployment.start('gateway', vars),
      await deployment.start('campaigns', vars),
      await deployment.start('jobs', { ...vars, JOBS_ROLE: 'api' }),
      await deployment.start('jobs', { ...vars, JOBS_ROLE: 'worker' }),
    ];
    // Four processes starting at once on two busy cores: the margin of Product.ready.
    ({ product, t } = await deployment.open(members[0]!, 90_000));
  }, 180_000);

  afterAll(async () => {
    await deployment?.destroy();
    bouncer?.destroy();
  });

  it('migrates, writes, reads and runs a job through the pooler', async () => {
    const { rows } = await direct(`SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'migrations' ORDER BY 1`);
    expect(rows.map((r) => r.schema)).toEqual(['identity', 'jobs', 'marketing']);

    const created = await product.request('POST', '/v1/campaign-events', { headers: t.headers.editor, body: { name: 'pooled', startDate: '2031-01-01T00:00:00Z', endDate: '2031-01-02T00:00:00Z' } });
    expect(created.status).toBe(201);
    const read = await product.get(`/v1/campaign-events/${created.body.id}`, t.headers.viewer);
    expect({ status: read.status, name: read.body.name }).toEqual({ status: 200, name: 'pooled' });

    const job = await product.request('POST', '/v1/jobs?wait=15', { headers: t.headers.editor, body: { name: 'arithmetic', params: { op: 'add', a: 2, b: 3 } } });
    expect({ status: job.body.status, result: job.body.result }).toEqual({ status: 'succeeded', result: expect.anything() });
  });

  it('publishes a row committed through the pooler within a fraction of the poll: the LISTEN on the direct connection hears it', async () => {
    const pooled = new pg.Client({ connectionString: bouncer.url(deployment.env.name) });
    await pooled.connect();
    try {
      const lags: number[] = [];
      for (let i = 0; i < 8; i++) {
        const id = newId();
        await pooled.query(`INSERT INTO jobs.outbox (id, type, tenant, aggregate_id, aggregate_version, payload) VALUES ($1, 'test.pooled', NULL, $2, 0, '{}')`, [id, newId()]);
        const committed = Date.now();
        await eventually(async () => ((await direct(`SELECT 1 FROM jobs.outbox WHERE id = $1 AND published_at IS NOT NULL`, [id])).rowCount ? true : undefined), 5000, 5);
        lags.push(Date.now() - committed);
        await new Promise((resolve) => setTimeout(resolve, 150 + i * 50));
      }
      process.stdout.write(`outbox rows committed through PgBouncer published after ${lags.join(', ')} ms (poll: 1000 ms)\n`);
      // A 1 s poll alone publishes a row within 300 ms three times in ten: six of eight so, about
      // 1 %. Woken by the commit, each takes a few tens of ms (a busy machine may delay one or two).
      expect(lags.filter((lag) => lag < 300).length).toBeGreaterThanOrEqual(6);
    } finally {
      await pooled.end();
    }
  });

  it('holds no LISTEN and no advisory lock on a pooled server connection; each process keeps only its LISTEN session direct', async () => {
    const pooled = await pooledBackends();
    const { rows: locks } = await direct(`SELECT pid, objid FROM pg_locks WHERE locktype = 'advisory' AND pid = ANY($1)`, [pooled]);
    expect(locks).toEqual([]);
    const { rows: listening } = await direct(`SELECT pid FROM pg_stat_activity WHERE pid = ANY($1) AND query ILIKE 'LISTEN%'`, [pooled]);
    expect(listening).toEqual([]);

    const { rows: sessions } = await direct(
      `SELECT application_name AS name, count(*)::int AS n, count(*) FILTER (WHERE query ILIKE 'LISTEN%')::int AS listen
         FROM pg_stat_activity WHERE datname = current_database() AND NOT (pid = ANY($1)) AND application_name = ANY($2) GROUP BY 1`,
      [pooled, members.map((m) => m.name)],
    );
    const directOf = (m: Member) => sessions.find((s) => s.name === m.name) ?? { n: 0, listen: 0 };
    const clients = await bouncer.admin('SHOW CLIENTS');
    const pooledOf = (m: Member) => clients.filter((c) => c.application_name === m.name).length;
    const pools = (await bouncer.admin('SHOW POOLS')).find((p) => p.database === deployment.env.name)!;
    process.stdout.write(
      [
        `PgBouncer (transaction mode, default_pool_size 20), DATABASE_POOL_SIZE=${POOL_SIZE}, after start and one request of each kind:`,
        ...members.map((m) => `  ${m.service}${m.service === 'jobs' ? (m === members[2] ? ' api' : ' worker') : ''}: ${pooledOf(m)} client connection(s) to PgBouncer, ${directOf(m).n} direct session(s) (${directOf(m).listen} LISTEN)`),
        `  PgBouncer pool of the database: ${pools.cl_active} client(s) active, ${pools.cl_waiting} waiting; ${pools.sv_active} server connection(s) active, ${pools.sv_idle} idle, ${pools.sv_used} used`,
        '',
      ].join('\n'),
    );
    // What needs a session goes direct, and nothing else does: the migrations' DataSource is closed.
    expect(members.map((m) => ({ name: m.name, ...directOf(m) }))).toEqual(
      members.map((m) => ({ name: m.name, n: m.service === 'gateway' ? 0 : 1, listen: m.service === 'gateway' ? 0 : 1 })),
    );
    for (const m of members) expect(pooledOf(m)).toBeLessThanOrEqual(POOL_SIZE);
  });

  it('would break otherwise: a session advisory lock taken through the pooler outlives its client on the server connection, and the client sees a backend id that is not the server backend NOTIFY names', async () => {
    const key = Math.floor(Math.random() * 1_000_000_000);
    const client = new pg.Client({ connectionString: bouncer.url(deployment.env.name) });
    await client.connect();
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid, pg_advisory_lock($1)', [key])).rows;
    const seen = (client as unknown as { processID: number }).processID;
    await client.end();

    expect(seen).not.toBe(pid);
    const { rows } = await eventually(async () => {
      const result = await direct(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::bigint::oid AND granted`, [key]);
      return result.rowCount ? result : undefined;
    }, 2000);
    expect(rows.map((r) => r.pid)).toEqual([pid]);
    expect(await pooledBackends()).toContain(pid);
    process.stdout.write(`a session advisory lock taken through PgBouncer is still held by server backend ${pid} after its client left; that client saw backend id ${seen}\n`);
    await direct('SELECT pg_terminate_backend($1)', [pid]);
  });
});
