// Jobs benchmark: no-op jobs (`arithmetic add 1 2`) registered over HTTP and run to `succeeded`,
// beside raw BullMQ add-and-process in the same run, on the same Redis.
//
// Suite use:   import { runJobsBench } from './jobs.bench.mjs';
//              const result = await runJobsBench({ baseUrl, editorHeaders, redisUrl, redisPrefix, databaseUrl });
// Standalone:  node bench/jobs.bench.mjs   (starts the built monolith on its own database and prefix)
//
// End to end = POST /v1/jobs (gateway, validation, INSERT job + outbox in one transaction) →
// outbox relay → job.registered consumer → BullMQ add → worker → `running` and `succeeded`
// written to the store (batched transactions, each with its outbox event) → BullMQ completion.
// Latency is registration request start → BullMQ `completed` event, which the worker emits only
// after the store row says `succeeded`; at the end the store is checked: every job succeeded.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);
const round = (x) => (x === null ? null : Math.round(x * 100) / 100);

/** Raw BullMQ: add N jobs (addBulk in chunks) while one worker (concurrency 50) processes them. */
export async function rawBullmq({ redisUrl, prefix, count = 5000 }) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const name = `raw-${randomBytes(3).toString('hex')}`;
  const queue = new Queue(name, { connection, prefix });
  let done = 0;
  let finish;
  const finished = new Promise((r) => (finish = r));
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker(name, async () => null, { connection: workerConnection, prefix, concurrency: 50 });
  worker.on('completed', () => {
    if (++done === count) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < count; i += 500) {
    await queue.addBulk(Array.from({ length: Math.min(500, count - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  // BullMQ closes only the connections it made: these two are ours, and an open one keeps the bench from exiting.
  connection.disconnect();
  workerConnection.disconnect();
  return { jobs: count, seconds: round(seconds), jobsPerS: Math.round(count / seconds) };
}

/** End to end through the product's HTTP API. */
export async function runJobsBench({ baseUrl, editorHeaders, redisUrl, redisPrefix, databaseUrl, count = Number(process.env.BENCH_JOBS ?? 3000), concurrency = Number(process.env.BENCH_JOBS_CONCURRENCY ?? 32) }) {
  const eventsConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // The product's BullMQ prefix of a queue: one hash tag per queue (docs/redis-cluster.md, key layout).
  const events = new QueueEvents('arithmetic', { connection: eventsConnection, prefix: `${redisPrefix}:{bull:arithmetic}` });
  await events.waitUntilReady();
  const registeredAt = new Map();
  const latencies = [];
  let completed = 0;
  let allDone;
  const done = new Promise((r) => (allDone = r));
  const pending = new Map();
  events.on('completed', ({ jobId }) => {
    const at = performance.now();
    const start = registeredAt.get(jobId);
    if (start === undefined) return pending.set(jobId, at);
    latencies.push(at - start);
    if (++completed === count) allDone();
  });
  // Warm-up: a few jobs first (connections, prepared plans, JIT).
  for (let i = 0; i < 20; i++) await post(baseUrl, editorHeaders, { name: 'arithmetic', params: { op: 'add', a: 1, b: 2 } });
  await new Promise((r) => setTimeout(r, 500));

  let next = 0;
  let failures = 0;
  const started = performance.now();
  const regLatencies = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t0 = performance.now();
        const res = await post(baseUrl, editorHeaders, { name: 'arithmetic', params: { op: 'add', a: 1, b: 2 } });
        regLatencies.push(performance.now() - t0);
        if (res.status !== 202 && res.status !== 200) {
          failures++;
          continue;
        }
        registeredAt.set(res.body.id, t0);
        const early = pending.get(res.body.id);
        if (early !== undefined) {
          pending.delete(res.body.id);
          latencies.push(early - t0);
          if (++completed === count) allDone();
        }
      }
    }),
  );
  const registeredIn = (performance.now() - started) / 1000;
  if (failures > 0) throw new Error(`${failures} registrations failed`);
  let timer;
  await Promise.race([done, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`only ${completed}/${count} jobs completed in 120 s`)), 120_000)))]).finally(() => clearTimeout(timer));
  const seconds = (performance.now() - started) / 1000;
  await events.close();
  eventsConnection.disconnect();

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(`SELECT status, count(*)::int AS n FROM jobs.jobs WHERE id = ANY($1::uuid[]) GROUP BY status`, [[...registeredAt.keys()]]);
  await client.end();

  latencies.sort((a, b) => a - b);
  regLatencies.sort((a, b) => a - b);
  return {
    jobs: count,
    concurrency,
    seconds: round(seconds),
    jobsPerS: Math.round(count / seconds),
    registrationsPerS: Math.round(count / registeredIn),
    registerP50Ms: round(pct(regLatencies, 50)),
    registerP99Ms: round(pct(regLatencies, 99)),
    toSucceededP50Ms: round(pct(latencies, 50)),
    toSucceededP99Ms: round(pct(latencies, 99)),
    storeStatuses: Object.fromEntries(rows.map((r) => [r.status, r.n])),
  };
}

/**
 * One job at a time, not backlogged: POST /v1/jobs, then GET /v1/jobs/{id}?wait=10 until it
 * answers the final status. The time from the POST to that answer is what a client waiting for
 * its job sees.
 */
export async function oneJobWait({ baseUrl, editorHeaders, count = Number(process.env.BENCH_WAIT_JOBS ?? 40) }) {
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const { status, body } = await post(baseUrl, editorHeaders, { name: 'arithmetic', params: { op: 'add', a: i, b: 1 } });
    if (status !== 202) throw new Error(`registration answered ${status}`);
    const res = await fetch(`${baseUrl}/v1/jobs/${body.id}?wait=10`, { headers: editorHeaders });
    const job = await res.json();
    if (job.status !== 'succeeded') throw new Error(`job ${body.id} is ${job.status} after ?wait`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { jobs: count, p50Ms: round(pct(latencies, 50)), p99Ms: round(pct(latencies, 99)) };
}

/** The measurements, one after the other, on the same machine and Redis. */
export async function runJobsSection(options) {
  const oneJob = await oneJobWait(options);
  const endToEnd = await runJobsBench(options);
  const raw = await rawBullmq({ redisUrl: options.redisUrl, prefix: `${options.redisPrefix}:rawbull`, count: Number(process.env.BENCH_RAW_JOBS ?? 5000) });
  return { oneJobWait: oneJob, endToEnd, rawBullmq: raw, ratioToRaw: round(endToEnd.jobsPerS / raw.jobsPerS) };
}

async function post(baseUrl, headers, body) {
  const res = await fetch(`${baseUrl}/v1/jobs`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// Standalone: the built monolith on its own database and prefix.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const admin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const db = `cp_bench_jobs_${id}`;
  const prefix = `bench-jobs-${id}`;
  const dbUrl = Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
  const port = await new Promise((r) => {
    const s = createServer().listen(0, () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
  const adminQuery = async (sql) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await adminQuery(`CREATE DATABASE "${db}"`);
  const secret = randomBytes(32).toString('hex');
  const child = spawn(process.execPath, ['dist/apps/monolith/src/main.js'], {
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), DATABASE_URL: dbUrl, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, RATE_LIMIT: 'off', LOG_LEVEL: 'warn', JWT_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${baseUrl}/health`).then((r) => r.json()).then((b) => b.status === 'ok').catch(() => false);
      if (ok) break;
      if (i > 300) throw new Error('the monolith did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const { signStaffToken } = await import('../dist/apps/gateway/src/auth/token-verifier.js');
    const ops = await signStaffToken(secret, { sub: 'bench-ops', roles: ['ops'], tenant: null }, { expiresInS: 3600 });
    const slug = `bench-${randomBytes(3).toString('hex')}`;
    await fetch(`${baseUrl}/v1/admin/tenants`, { method: 'POST', headers: { authorization: `Bearer ${ops}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug, name: 'Bench', timezone: 'UTC' }) });
    const editor = await signStaffToken(secret, { sub: 'bench-editor', roles: ['editor'], tenant: slug }, { expiresInS: 3600 });
    const result = await runJobsSection({ baseUrl, editorHeaders: { authorization: `Bearer ${editor}` }, redisUrl, redisPrefix: prefix, databaseUrl: dbUrl });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await adminQuery(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    const redis = new Redis(redisUrl);
    let cursor = '0';
    do {
      const [n, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = n;
    } while (cursor !== '0');
    redis.disconnect();
  }
}
