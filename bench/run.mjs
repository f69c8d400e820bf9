// `npm run bench`: the read path and the write path, side by side, in one run on one machine.
// Starts everything it needs on free ports (own database, own REDIS_PREFIX, RATE_LIMIT=off),
// drives load with autocannon in its own process, prints a table, writes
// bench/results/latest.json, and cleans up. See docs/benchmarks.md.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { runJobsSection } from './jobs.bench.mjs';
import { relayVsRawXadd } from './relay.bench.mjs';
import { pushReportLines, runPushSection } from './push.bench.mjs';
import { summarize } from './profile-summary.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const NODE = process.execPath;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WRITE_CONNECTIONS = Number(process.env.BENCH_WRITE_CONNECTIONS ?? 20);
const SATURATION_S = Number(process.env.BENCH_SATURATION_S ?? 30);
/** Rounds of the read cases (a), (n), (b), (c), (d), run alternately so that a slow moment of the machine hits every case alike. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const PROFILE = process.env.BENCH_PROFILE === '1';
const ADMIN_PG = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** BENCH_ONLY=push: only the live-stream section (bench/push.bench.mjs); unset: everything. */
const ONLY = process.env.BENCH_ONLY ?? '';
if (ONLY && ONLY !== 'push') throw new Error(`BENCH_ONLY=${ONLY}: only "push" is known`);
/** Where the result goes (the smoke test in `npm test` writes elsewhere, so the committed result stays). */
const OUTPUT = process.env.BENCH_OUTPUT ?? (ONLY === 'push' ? `bench/results/push-${new Date().toISOString().slice(0, 10)}.json` : 'bench/results/latest.json');

const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const DB = `cp_bench_${id}`;
const PREFIX = `bench-${id}`;
const JWT_SECRET = randomBytes(32).toString('hex');
const children = new Set();
const LOADAVG_AT_START = os.loadavg().map((x) => Math.round(x * 100) / 100);
const tmp = join(os.tmpdir(), `cp-bench-${id}`);
mkdirSync(tmp, { recursive: true });

const log = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: ADMIN_PG });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

function databaseUrl() {
  const u = new URL(ADMIN_PG);
  u.pathname = `/${DB}`;
  return u.toString();
}

/** A product process from dist (or any script), its stderr kept for a failure report. */
function start(script, env, nodeArgs = []) {
  const child = spawn(NODE, [...nodeArgs, script], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl(), REDIS_URL, REDIS_PREFIX: PREFIX, RATE_LIMIT: 'off', JWT_SECRET, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.stderrTail = () => stderr;
  child.exited = new Promise((r) => child.on('exit', r));
  children.add(child);
  return child;
}

async function stop(child) {
  if (!children.has(child)) return;
  children.delete(child);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await child.exited;
    clearTimeout(t);
  }
}

/** A node script of the bench (a baseline server, the stream clients) with IPC, stopped on cleanup. */
function spawnTracked(script, args, nodeArgs = []) {
  const child = spawn(NODE, [...nodeArgs, script, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.stderrTail = () => stderr;
  child.exited = new Promise((r) => child.on('exit', r));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function ready(url, child, path = '/health/ready') {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url} exited: ${child.stderrTail()}`);
    try {
      if ((await fetch(url + path)).status === 200) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${url} not ready in 60 s: ${child.stderrTail()}`);
}

async function service(name, env = {}, nodeArgs = []) {
  const port = await freePort();
  const child = start(`dist/apps/${name}/src/main.js`, { PORT: String(port), ...env }, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  await ready(url, child);
  return { url, child };
}

async function http(url, method, path, headers = {}, body) {
  const res = await fetch(url + path, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

/** autocannon in its own process (bench/load.mjs); its JSON summary. `paths` rotates per request. */
function autocannon(url, { connections = CONNECTIONS, duration = DURATION_S, method = 'GET', headers = {}, body, paths } = {}) {
  const options = { url, connections, duration, method, headers, body, paths };
  return new Promise((res, rej) => {
    const child = spawn(NODE, ['bench/load.mjs', JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      children.delete(child);
      if (code !== 0) return rej(new Error(`the load process exited ${code}: ${err}`));
      res(JSON.parse(out));
    });
  });
}

async function measure(name, url, options = {}) {
  if (WARMUP_S > 0) await autocannon(url, { ...options, duration: WARMUP_S });
  const r = await autocannon(url, options);
  const result = {
    name,
    reqPerS: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    connections: r.connections,
    durationS: r.duration,
  };
  log(`  ${name}: ${result.reqPerS} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${result.non2xx || result.errors ? `, NON-2XX ${result.non2xx}, ERRORS ${result.errors}` : ''}`);
  return result;
}

/** One sample's value in a Prometheus text exposition (0 when absent). */
const metricValue = (text, name) => Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

/** The read cache's counters of a process, from its /metrics. */
async function cacheCounters(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name) => metricValue(text, name);
  return {
    memoryHits: value('read_cache_hits_total{level="memory"}'),
    memoryMisses: value('read_cache_misses_total{level="memory"}'),
    redisHits: value('read_cache_hits_total{level="redis"}'),
    originLoads: value('read_cache_origin_loads_total'),
  };
}

/** What a process says of its memory on /metrics (prom-client's default metrics: V8's heap statistics and the resident set). */
async function memoryOf(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (name) => round(metricValue(text, name) / 2 ** 20);
  const spaces = {};
  for (const [, space, bytes] of text.matchAll(/^nodejs_heap_space_size_used_bytes\{space="([^"]+)"\} (\S+)$/gm)) spaces[space] = round(Number(bytes) / 2 ** 20);
  return {
    rssMB: mb('process_resident_memory_bytes'),
    heapUsedMB: mb('nodejs_heap_size_used_bytes'),
    heapTotalMB: mb('nodejs_heap_size_total_bytes'),
    externalMB: mb('nodejs_external_memory_bytes'),
    heapSpacesUsedMB: spaces,
  };
}

const median = (values) => percentile(values, 50);

/**
 * One read case over the rounds: the median of its rates and latencies, and its ratio to (a)
 * of the same round (median and spread), since rates move with the machine and ratios less.
 */
function acrossRounds(name, runs, bare) {
  const ratios = runs.map((r, i) => round(r.reqPerS / bare[i].reqPerS));
  return {
    name,
    reqPerS: median(runs.map((r) => r.reqPerS)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    connections: runs[0].connections,
    durationS: runs[0].durationS,
    rounds: runs.length,
    ratioMedian: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    p99ToA: median(runs.map((r, i) => round(r.p99Ms / bare[i].p99Ms))),
    perRound: runs.map((r, i) => ({ reqPerS: r.reqPerS, p50Ms: r.p50Ms, p99Ms: r.p99Ms, ratioToA: ratios[i] })),
  };
}

function rssSampler(pid) {
  let max = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
      max = Math.max(max, kb);
    } catch {}
  }, 250);
  return () => (clearInterval(timer), Math.round(max / 1024));
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function cleanup() {
  await Promise.all([...children].map((c) => stop(c)));
  try {
    await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  } catch (e) {
    log(`could not drop ${DB}: ${e.message}`);
  }
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  rmSync(tmp, { recursive: true, force: true });
}

process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));

async function main() {
  execFileSync(NODE, ['scripts/ensure-built.mjs'], { stdio: 'inherit' });
  const { signStaffToken } = await import(join(ROOT, 'dist/apps/gateway/src/auth/token-verifier.js'));
  await admin(`CREATE DATABASE "${DB}"`);
  const results = {};
  const extra = {};
  const ops = { authorization: `Bearer ${await signStaffToken(JWT_SECRET, { sub: 'ops@bench', roles: ['ops'], tenant: null }, { expiresInS: 3600 })}` };
  const editor = { authorization: `Bearer ${await signStaffToken(JWT_SECRET, { sub: 'editor@bench', roles: ['editor'], tenant: 'bench' }, { expiresInS: 3600 })}` };
  const createTenant = async (url) => {
    await http(url, 'POST', '/v1/admin/tenants', ops, { slug: 'bench', name: 'Bench center', timezone: 'Europe/Istanbul' });
    return { 'x-api-key': (await http(url, 'POST', '/v1/admin/tenants/bench/api-keys', ops, { name: 'bench app' })).body.key };
  };
  const pushSection = (apiKey) => runPushSection({ startMonolith: (env, nodeArgs) => service('monolith', env, nodeArgs), stop, spawnTracked, freePort, apiKey, editor, log });

  if (ONLY === 'push') {
    // The tenant is created on a monolith that is stopped before the section starts its own.
    const setup = await service('monolith');
    const apiKey = await createTenant(setup.url);
    await stop(setup.child);
    extra.push = await pushSection(apiKey);
    return { results, extra };
  }

  // --- monolith, default configuration (request logging on, as shipped) -----------------
  log('monolith: starting, creating a tenant with 50 live campaigns');
  const mono = await service('monolith');
  const apiKey = await createTenant(mono.url);
  const day = 86_400_000;
  const now = Date.now();
  const campaigns = [];
  for (let i = 0; i < 50; i++) {
    const body = { name: `Live campaign ${i}`, description: `Campaign number ${i} of the benchmark tenant`, startDate: new Date(now - (i + 1) * day).toISOString(), endDate: new Date(now + (30 + i) * day).toISOString() };
    campaigns.push((await http(mono.url, 'POST', '/v1/campaign-events', editor, body)).body);
  }
  const live = await http(mono.url, 'GET', '/v1/campaign-events/live', apiKey);
  if (live.body.items.length !== 50) throw new Error(`expected 50 live campaigns, got ${live.body.items.length}`);
  const bodyFile = join(tmp, 'live.json');
  writeFileSync(bodyFile, live.text);
  log(`  the live list is ${live.text.length} bytes`);

  // --- the read cases, alternating ------------------------------------------------------------
  // Every process of the read cases runs at once, so that the rounds can alternate
  // (a, n, b, c, d, a, n, b, c, d, ...): (a) bare Fastify; (n), (b) the monolith above; (d) a
  // second monolith whose every read is a cache miss (CACHE_MAX_TTL_MS=0); (c) split mode, a
  // gateway in front of two campaigns replicas (and a second, idle gateway, used by (f)).
  const barePort = await freePort();
  const bareChild = spawn(NODE, ['bench/bare-server.mjs', String(barePort), bodyFile], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  children.add(bareChild);
  bareChild.exited = new Promise((r) => bareChild.on('exit', r));
  await new Promise((r) => bareChild.once('message', r));
  const cold = await service('monolith', { CACHE_MAX_TTL_MS: '0' });
  log('split: starting two campaigns replicas and two gateways');
  const c1 = await service('campaigns');
  const c2 = await service('campaigns');
  const g1 = await service('gateway');
  const g2 = await service('gateway');
  await sleep(2000);
  extra.memory = { monolithIdle: await memoryOf(mono.url), gatewayIdle: await memoryOf(g1.url) };
  log(`memory at idle: monolith ${JSON.stringify(extra.memory.monolithIdle)}; split gateway ${JSON.stringify(extra.memory.gatewayIdle)}`);

  const reads = {
    a: ['(a) bare Fastify, same JSON', `http://127.0.0.1:${barePort}/v1/campaign-events/live`],
    // The ceiling of this process's HTTP pipeline: a public Nest route that does nothing (no
    // auth, no cache), through the same hooks (security headers, request id, logging, metrics).
    n: ['(n) same monolith GET /health/live (pipeline ceiling)', `${mono.url}/health/live`],
    b: ['(b) monolith GET /v1/campaign-events/live, API key', `${mono.url}/v1/campaign-events/live`, { headers: apiKey }],
    c: ['(c) split GET /v1/campaign-events/live via the gateway', `${g1.url}/v1/campaign-events/live`, { headers: apiKey }],
    // Each request names another of the 50 campaigns, so concurrent misses rarely share a load
    // (single-flight would otherwise fold 50 concurrent misses of one id into one query).
    d: ['(d) monolith GET /v1/campaign-events/{id}, cache miss', `${cold.url}/v1/campaign-events/${campaigns[0].id}`, { headers: apiKey, paths: campaigns.map((c) => `/v1/campaign-events/${c.id}`) }],
  };
  const runs = Object.fromEntries(Object.keys(reads).map((k) => [k, []]));
  // The resident set of the process serving (b) and (c), sampled while they run.
  const sampledPid = { b: mono.child.pid, c: g1.child.pid };
  const rssMax = { b: [], c: [] };
  log(`measuring the read cases, ${ROUNDS} rounds`);
  for (let r = 1; r <= ROUNDS; r++) {
    for (const [k, [name, url, options]] of Object.entries(reads)) {
      const sampling = sampledPid[k] && rssSampler(sampledPid[k]);
      runs[k].push(await measure(`${name} [round ${r}]`, url, options));
      if (sampling) rssMax[k].push(sampling());
    }
  }
  for (const [k, [name]] of Object.entries(reads)) results[k] = acrossRounds(name, runs[k], runs.a);
  extra.memory.monolithUnderB = { ...(await memoryOf(mono.url)), rssMaxMB: Math.max(...rssMax.b) };
  extra.memory.gatewayUnderC = { ...(await memoryOf(g1.url)), rssMaxMB: Math.max(...rssMax.c) };
  extra.monolithRssMaxMB = extra.memory.monolithUnderB.rssMaxMB;
  extra.cacheCountersAfterB = await cacheCounters(mono.url);
  extra.cacheCountersAfterC = await cacheCounters(g1.url);
  await stop(bareChild);
  await stop(mono.child);

  // --- (f) a write on one gateway, visible through the other ------------------------------
  // Each pair: read on gateway 2 (cached there), write on gateway 1, then read on gateway 2 at
  // once. The first read is the one a client makes: `stale` counts those that saw the old name.
  const target = campaigns[3].id;
  const pairs = async (count, until = () => false) => {
    const lags = [];
    let stale = 0;
    for (let i = 0; i < count && !until(); i++) {
      await http(g2.url, 'GET', `/v1/campaign-events/${target}`, apiKey); // cached on g2
      const name = `Renamed ${i} ${performance.now()}`;
      await http(g1.url, 'PATCH', `/v1/campaign-events/${target}`, editor, { name });
      const answered = performance.now();
      for (let first = true; ; first = false) {
        const seen = await http(g2.url, 'GET', `/v1/campaign-events/${target}`, apiKey);
        if (seen.body.name === name) break;
        if (first) stale += 1;
        if (performance.now() - answered > 5000) throw new Error('a write was not visible on the other gateway within 5 s');
      }
      lags.push(performance.now() - answered);
    }
    return { samples: lags.length, staleFirstReads: stale, p50Ms: round(percentile(lags, 50)), p99Ms: round(percentile(lags, 99)), maxMs: round(Math.max(...lags)) };
  };
  results.f = { name: '(f) write answered on gateway 1 -> visible on gateway 2', ...(await pairs(200)) };
  log(`  ${results.f.name}: ${results.f.staleFirstReads} stale first reads; p50 ${results.f.p50Ms} ms, p99 ${results.f.p99Ms} ms over ${results.f.samples} writes`);
  // (f') the same while a load generator saturates the CPU: reads on both gateways (2 x 50
  // connections) for SATURATION_S; the pairs made while the load runs are counted.
  let loaded = true;
  const saturating = Promise.all([g1, g2].map((g) => autocannon(`${g.url}/v1/campaign-events/live`, { headers: apiKey, duration: SATURATION_S }))).finally(() => (loaded = false));
  await new Promise((r) => setTimeout(r, 1000));
  results.fSaturated = { name: "(f') the same while the CPU is saturated by reads on both gateways", ...(await pairs(200, () => !loaded)) };
  await saturating;
  log(`  ${results.fSaturated.name}: ${results.fSaturated.staleFirstReads} stale first reads; p50 ${results.fSaturated.p50Ms} ms, p99 ${results.fSaturated.p99Ms} ms`);
  // The split processes go before the writes: they share the database and REDIS_PREFIX with the
  // cold monolith, so they would consume its events and confirm its invalidations while (e) and
  // (e0) run, which no deployment of one mode does.
  for (const s of [g1, g2, c1, c2]) await stop(s.child);

  // --- (b') the same with request logging below the level (LOG_LEVEL=warn) -----------------
  const quiet = await service('monolith', { LOG_LEVEL: 'warn' });
  results.bQuiet = await measure("(b') the same, LOG_LEVEL=warn (no line per request)", `${quiet.url}/v1/campaign-events/live`, { headers: apiKey });
  await stop(quiet.child);

  // --- (e): writes, on the monolith whose every read is a miss ----------------------------------
  const writeBody = JSON.stringify({ name: 'Written by the bench', startDate: new Date(now + 400 * day).toISOString(), endDate: new Date(now + 401 * day).toISOString() });
  results.e = await measure('(e) monolith POST /v1/campaign-events', `${cold.url}/v1/campaign-events`, {
    method: 'POST',
    connections: WRITE_CONNECTIONS,
    headers: { ...editor, 'content-type': 'application/json' },
    body: writeBody,
  });
  // (e0) the same write with nothing else: one transaction of the two INSERTs, same connections.
  const rawPort = await freePort();
  const rawChild = spawn(NODE, ['bench/raw-write-server.mjs', String(rawPort), databaseUrl()], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  children.add(rawChild);
  rawChild.exited = new Promise((r) => rawChild.on('exit', r));
  await new Promise((r) => rawChild.once('message', r));
  results.e0 = await measure('(e0) raw pg: the same INSERT + outbox INSERT, one transaction', `http://127.0.0.1:${rawPort}/v1/campaign-events`, {
    method: 'POST',
    connections: WRITE_CONNECTIONS,
    headers: { 'content-type': 'application/json' },
    body: writeBody,
  });
  await stop(rawChild);
  // --- the outbox relay against raw pipelined XADD ----------------------------------------------
  extra.relay = await relayVsRawXadd({ databaseUrl: databaseUrl(), redisUrl: REDIS_URL, redisPrefix: PREFIX });
  log(`outbox relay: ${extra.relay.relayEventsPerS} events/s; raw pipelined XADD: ${extra.relay.rawXaddEventsPerS} events/s; ratio ${extra.relay.ratio}`);
  // --- jobs: no-op jobs registered over HTTP and run to succeeded, beside raw BullMQ ----------
  log('jobs: registering no-op jobs over HTTP, beside raw BullMQ add-and-process');
  extra.jobs = await runJobsSection({ baseUrl: cold.url, editorHeaders: editor, redisUrl: REDIS_URL, redisPrefix: PREFIX, databaseUrl: databaseUrl() });
  await stop(cold.child);

  // --- the live stream: N streams on one monolith, beside a bare node http SSE server -------
  extra.push = await pushSection(apiKey);


  // --- optional: where the time goes in (b) ------------------------------------------------
  if (PROFILE) {
    const dir = join(tmp, 'profile');
    const prof = await service('monolith', {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    results.bProfiled = await measure('(b) under --cpu-prof (slower; for the profile only)', `${prof.url}/v1/campaign-events/live`, { headers: apiKey });
    await stop(prof.child);
    const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
    if (file) extra.profile = summarize(join(dir, file));
    // And where a write's time goes: (e) on a monolith under --cpu-prof.
    const writeDir = join(tmp, 'profile-writes');
    const profW = await service('monolith', { CACHE_MAX_TTL_MS: '0' }, ['--cpu-prof', `--cpu-prof-dir=${writeDir}`]);
    results.eProfiled = await measure('(e) under --cpu-prof (slower; for the profile only)', `${profW.url}/v1/campaign-events`, {
      method: 'POST',
      connections: WRITE_CONNECTIONS,
      headers: { ...editor, 'content-type': 'application/json' },
      body: writeBody,
    });
    await stop(profW.child);
    const writeFile = existsSync(writeDir) ? readdirSync(writeDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
    if (writeFile) extra.writeProfile = summarize(join(writeDir, writeFile));
  }
  return { results, extra };
}

const round = (x) => Math.round(x * 100) / 100;

function machineInfo() {
  const cpus = os.cpus();
  return { loadavgAtStart: LOADAVG_AT_START, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGB: round(os.totalmem() / 2 ** 30), node: process.version, os: `${os.type()} ${os.release()}`, loadavgAtEnd: os.loadavg().map(round) };
}

function writeOutput(out) {
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify(out, null, 2)}\n`);
  log(`\nwrote ${OUTPUT}`);
}

function report({ results, extra }) {
  if (ONLY === 'push') {
    const machine = machineInfo();
    log('');
    log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}`);
    for (const line of pushReportLines(extra.push)) log(line);
    for (const t of extra.push.targets) log(`${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.value}`);
    writeOutput({ date: new Date().toISOString(), machine, only: 'push', push: extra.push });
    return;
  }
  const a = results.a;
  // The read cases ran in alternating rounds: their ratio is the median of the ratios to (a) of
  // the same round; the others are single runs against (a)'s median rate.
  const ratio = (r) => r.ratioMedian ?? (r.reqPerS ? round(r.reqPerS / a.reqPerS) : undefined);
  const spread = (r) => (r.ratioMedian === undefined ? '' : `${r.ratioMin}-${r.ratioMax}`);
  const rows = ['a', 'n', 'b', 'bQuiet', 'c', 'd', 'e', 'e0', 'bProfiled', 'eProfiled'].filter((k) => results[k]).map((k) => ({ ...results[k], ratioToA: ratio(results[k]) }));
  const targets = [
    { target: '(b) >= 0.6 x (a) req/s', value: `${ratio(results.b)} (${spread(results.b)})`, met: ratio(results.b) >= 0.6, note: `the pipeline ceiling (n) is ${ratio(results.n)} x (a); (b) is ${round(results.b.reqPerS / results.n.reqPerS)} x (n)` },
    { target: "(b) p99 <= 3 x (a)'s", value: `${results.b.p99ToA} x (median of the rounds; ${results.b.p99Ms} ms vs ${a.p99Ms} ms)`, met: results.b.p99ToA <= 3 },
    { target: '(c) >= 0.5 x (a) req/s', value: `${ratio(results.c)} (${spread(results.c)})`, met: ratio(results.c) >= 0.5 },
    { target: '(d) >= 0.15 x (a) req/s', value: `${ratio(results.d)} (${spread(results.d)})`, met: ratio(results.d) >= 0.15 },
    { target: '(e) >= 1,500 writes/s', value: results.e.reqPerS, met: results.e.reqPerS >= 1500 },
    { target: '(e) p99 < 50 ms', value: `${results.e.p99Ms} ms`, met: results.e.p99Ms < 50 },
    { target: '(e) >= 0.5 x (e0) raw pg writes/s', value: round(results.e.reqPerS / results.e0.reqPerS), met: results.e.reqPerS >= 0.5 * results.e0.reqPerS },
    { target: '(f) p99 < 50 ms', value: `${results.f.p99Ms} ms`, met: results.f.p99Ms < 50 },
    { target: "(f') 0 stale first reads while the CPU is saturated", value: `${results.fSaturated.staleFirstReads} of ${results.fSaturated.samples}`, met: results.fSaturated.staleFirstReads === 0 },
    { target: 'monolith RSS < 250 MB during (b)', value: `${extra.monolithRssMaxMB} MB`, met: extra.monolithRssMaxMB < 250 },
    { target: 'split gateway RSS < 150 MB during (c)', value: `${extra.memory.gatewayUnderC.rssMaxMB} MB`, met: extra.memory.gatewayUnderC.rssMaxMB < 150 },
  ];
  if (extra.push) targets.push(...extra.push.targets);
  const machine = machineInfo();
  const out = { date: new Date().toISOString(), machine, settings: { durationS: DURATION_S, warmupS: WARMUP_S, connections: CONNECTIONS, writeConnections: WRITE_CONNECTIONS, tool: 'autocannon (separate process)' }, results: rows, f: results.f, fSaturated: results.fSaturated, targets, ...extra };
  log('');
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}`);
  log('');
  log(`read cases: the median of ${ROUNDS} alternating rounds; ratio: the median ratio to (a) of the same round, and its spread`);
  log(`${'scenario'.padEnd(62)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'ratio'.padStart(6)} ${'spread'.padStart(10)}`);
  for (const r of rows) log(`${r.name.padEnd(62)} ${String(r.reqPerS).padStart(8)} ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)} ${String(r.ratioToA).padStart(6)} ${spread(r).padStart(10)}`);
  for (const f of [results.f, results.fSaturated]) log(`${f.name.padEnd(62)} ${'-'.padStart(8)} ${String(f.p50Ms).padStart(7)} ${String(f.p99Ms).padStart(7)} ${'-'.padStart(6)}  stale first reads: ${f.staleFirstReads}/${f.samples}`);
  const { monolithIdle, monolithUnderB, gatewayIdle, gatewayUnderC } = extra.memory;
  const heap = (m) => `heap used ${m.heapUsedMB} of ${m.heapTotalMB} MB, external ${m.externalMB} MB`;
  log(`monolith memory: idle RSS ${monolithIdle.rssMB} MB (${heap(monolithIdle)}); during (b) max RSS ${monolithUnderB.rssMaxMB} MB, after (b) ${heap(monolithUnderB)}`);
  log(`split gateway memory: idle RSS ${gatewayIdle.rssMB} MB (${heap(gatewayIdle)}); during (c) max RSS ${gatewayUnderC.rssMaxMB} MB, after (c) ${heap(gatewayUnderC)}`);
  log(`read cache after (b), monolith: ${JSON.stringify(extra.cacheCountersAfterB)}`);
  log(`read cache after (c), gateway:  ${JSON.stringify(extra.cacheCountersAfterC)}`);
  log('');
  if (extra.jobs) {
    const { endToEnd: j, rawBullmq: raw, ratioToRaw } = extra.jobs;
    log(`jobs end to end: ${j.jobsPerS} jobs/s (${j.jobs} jobs), registration -> succeeded p50 ${j.toSucceededP50Ms} ms, p99 ${j.toSucceededP99Ms} ms; raw BullMQ ${raw.jobsPerS} jobs/s; ratio ${ratioToRaw}`);
    targets.push({ target: 'jobs >= 1,000/s end to end or >= 0.3 x raw BullMQ', value: `${j.jobsPerS} jobs/s, ${ratioToRaw} x raw`, met: j.jobsPerS >= 1000 || ratioToRaw >= 0.3 });
    const one = extra.jobs.oneJobWait;
    log(`one job at a time, POST then GET ?wait until succeeded: p50 ${one.p50Ms} ms, p99 ${one.p99Ms} ms (${one.jobs} jobs)`);
    targets.push({ target: 'one job (?wait) p50 <= 20 ms', value: `${one.p50Ms} ms`, met: one.p50Ms <= 20 });
  }
  if (extra.relay) {
    targets.push({ target: 'outbox relay >= 0.3 x raw pipelined XADD', value: `${extra.relay.ratio} x`, met: extra.relay.ratio >= 0.3 });
  }
  if (extra.push) {
    for (const line of pushReportLines(extra.push)) log(line);
    log('');
  }
  for (const t of targets) log(`${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.value}${t.note ? ` (${t.note})` : ''}`);
  if (extra.profile) {
    log('');
    log('profile of (b), self time by package:');
    for (const p of extra.profile.byPackage) log(`  ${String(p.pct).padStart(5)} %  ${p.name}`);
  }
  if (extra.writeProfile) {
    log('');
    log('profile of (e), self time by package, then by function:');
    for (const p of extra.writeProfile.byPackage) log(`  ${String(p.pct).padStart(5)} %  ${p.name}`);
    for (const f of extra.writeProfile.byFunction) log(`  ${String(f.pct).padStart(5)} %  ${f.name}`);
  }
  writeOutput(out);
}

try {
  report(await main());
} catch (error) {
  log(`bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
