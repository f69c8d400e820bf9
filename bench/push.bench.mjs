// The live stream (GET /v1/campaign-events/stream) at N concurrent streams on one gateway
// process (the monolith's), beside a bare node `http` SSE server (bench/bare-sse-server.mjs)
// holding the same N streams, in the same run. See docs/benchmarks.md, "Live stream".
//
// For each of the two servers, in turn (bare first, then the product):
// 1. warm-up: a few streams and a few writes (JIT, connections, the push log's tail);
// 2. resident memory (VmRSS of /proc/<pid>/status, the median of 5 samples over 2 s, after a
//    3 s pause and a full GC through the inspector: both servers run with --inspect on a free
//    port) before the streams, and again with N idle streams open: per connection = delta / N;
// 3. M writes, one at a time, spaced BENCH_PUSH_SPACING_MS after the last client got the
//    previous one: the product's POST /v1/campaign-events (each a campaign.created on every
//    stream), the bare server's POST /trigger (one frame to every stream). For each: when the
//    first, the median and the last of the N clients received it.
// Latency = receipt − the moment the bench sent the write (both servers), and for the product
// also receipt − the message's `occurredAt` (the outbox row's DEFAULT now(): the start of the
// write's transaction, a little before its commit, so this over-estimates by the transaction's
// length).
// 4. CPU time of the server and of the client processes over the writes, per write.
// The clients (bench/sse-clients.mjs) run in separate processes (BENCH_PUSH_CLIENT_PROCESSES,
// 2) on raw sockets; their time to read N sockets is part of both servers' "last client" alike.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapDiff } from './heap-diff.mjs';
import { summarize } from './profile-summary.mjs';

const STREAMS = Number(process.env.BENCH_PUSH_STREAMS ?? 5000);
const WRITES = Number(process.env.BENCH_PUSH_WRITES ?? 50);
const SPACING_MS = Number(process.env.BENCH_PUSH_SPACING_MS ?? 250);
const WARMUP_STREAMS = Math.min(50, STREAMS);
const WARMUP_WRITES = 5;
const SETTLE_MS = Number(process.env.BENCH_PUSH_SETTLE_MS ?? 3000);
const FRAME_TIMEOUT_MS = 15_000;
const HEARTBEAT_S = 15;
/** Processes holding the client streams (each its share): reading 5,000 sockets takes one process most of the fan-out time. */
const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_PUSH_CLIENT_PROCESSES ?? 2));
/** BENCH_PUSH_PROFILE=1: heap snapshots before and with the streams (both servers), and a CPU profile of the product. */
const PROFILE = process.env.BENCH_PUSH_PROFILE === '1';

/** Runs bench/inspector.mjs against a process started with --inspect=127.0.0.1:<port>. */
function inspector(port, ...args) {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--no-warnings', '--experimental-websocket', 'bench/inspector.mjs', String(port), ...args], { timeout: 120_000 }, (error, _out, stderr) => (error ? reject(new Error(`inspector ${args[0]}: ${stderr || error.message}`)) : resolve())),
  );
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wallNow = () => performance.timeOrigin + performance.now();
const round = (x) => (x === null || x === undefined ? x : Math.round(x * 100) / 100);
const median = (values) => percentile(values, 50);
function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const summary = (values) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)), max: round(values.length ? Math.max(...values) : null) });

/** A process's CPU time so far (user + system), in ms (/proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssKB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

/**
 * A process's memory at rest: a full garbage collection (through the inspector, so that the
 * heap's leftovers of the warm-up or of opening the streams do not count), a 1 s pause, then
 * the median of 5 samples of its resident set over 2 s, and its heap.
 */
async function atRest(server) {
  await inspector(server.inspectPort, 'gc');
  await sleep(Math.min(1000, SETTLE_MS));
  return { rssKB: await rssSample(server.pid), ...(await server.metrics()) };
}

/** The median of 5 samples of a process's resident set (kB) over 2 s (shorter with a short BENCH_PUSH_SETTLE_MS). */
async function rssSample(pid) {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssKB(pid));
    if (i < 4) await sleep(Math.min(500, SETTLE_MS / 4));
  }
  return median(samples);
}

/** The fd limit this process (and the ones it starts) has: each of the client process and the server needs one fd per stream. */
function fdLimit() {
  try {
    return execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** One client process (bench/sse-clients.mjs), driven over IPC. */
async function clientProcess(spawnTracked) {
  const child = spawnTracked('bench/sse-clients.mjs', []);
  const reports = [];
  const waiters = new Set();
  let exited = false;
  child.on('message', (m) => {
    reports.push(m);
    for (const w of waiters) w.check();
  });
  child.once('exit', () => {
    exited = true;
    for (const w of waiters) w.fail();
  });
  const next = (match, timeoutMs, what) =>
    new Promise((resolve, reject) => {
      const waiter = {
        check() {
          const i = reports.findIndex(match);
          if (i < 0) return false;
          const [m] = reports.splice(i, 1);
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(m);
          return true;
        },
        fail() {
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`the client process exited while waiting for ${what}`));
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      if (waiter.check()) return;
      if (exited) return waiter.fail();
      waiters.add(waiter);
    });
  await next((m) => m.started, 10_000, 'its start');
  return {
    child,
    async open(target, count) {
      child.send({ cmd: 'open', ...target, count });
      const r = await next((m) => 'opened' in m, 300_000, 'streams to open');
      if (!r || r.failed) throw new Error(`opening ${count} streams: ${r ? `${r.opened} opened, ${r.failed} failed, first error: ${r.firstError}` : 'no answer in 300 s'}`);
      return r.opened;
    },
    track(events) {
      child.send({ cmd: 'track', events });
    },
    /** The next frame every client of this process received whose data matches (undefined after the timeout). */
    frame(matchData, timeoutMs = FRAME_TIMEOUT_MS) {
      return next((m) => m.frame && matchData(JSON.parse(m.frame.data)), timeoutMs, 'a frame').then((m) => m?.frame);
    },
    async stats() {
      child.send({ cmd: 'stats' });
      return (await next((m) => m.stats, 10_000, 'stats'))?.stats;
    },
    async close() {
      if (child.exitCode !== null) return;
      child.send({ cmd: 'close' });
      await next((m) => m.closed, 10_000, 'close').catch(() => undefined);
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

/**
 * CLIENT_PROCESSES client processes, the streams split between them; a frame is reported
 * once every stream of every process has received it: its first, median and last receipt.
 */
async function clients(spawnTracked) {
  const group = await Promise.all(Array.from({ length: CLIENT_PROCESSES }, () => clientProcess(spawnTracked)));
  return {
    async open(target, count) {
      const shares = group.map((_, i) => Math.floor(count / group.length) + (i < count % group.length ? 1 : 0));
      const opened = await Promise.all(group.map((c, i) => (shares[i] > 0 ? c.open(target, shares[i]) : 0)));
      return opened.reduce((a, b) => a + b, 0);
    },
    track(events) {
      for (const c of group) c.track(events);
    },
    async frame(matchData, timeoutMs = FRAME_TIMEOUT_MS) {
      const frames = await Promise.all(group.map((c) => c.frame(matchData, timeoutMs)));
      if (frames.some((f) => !f)) return undefined;
      const times = frames.flatMap((f) => f.times).sort((a, b) => a - b);
      return { id: frames[0].id, data: frames[0].data, count: times.length, first: times[0], median: times[Math.ceil(times.length / 2) - 1], last: times[times.length - 1] };
    },
    async stats() {
      const all = await Promise.all(group.map((c) => c.stats()));
      return { cpuMs: all.reduce((a, s) => a + (s?.cpuMs ?? 0), 0), open: all.reduce((a, s) => a + (s?.open ?? 0), 0), closedByPeer: all.reduce((a, s) => a + (s?.closedByPeer ?? 0), 0), incomplete: all.flatMap((s) => s?.incomplete ?? []) };
    },
    async close() {
      await Promise.all(group.map((c) => c.close()));
    },
  };
}

/** What a product process says of its memory and streams on /metrics. */
async function productMetrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { heapUsed: value('nodejs_heap_size_used_bytes'), external: value('nodejs_external_memory_bytes'), streamsOpen: value('push_streams_open') };
}

async function bareMetrics(url) {
  const m = await (await fetch(`${url}/memory`)).json();
  return { heapUsed: m.heapUsed, external: m.external, streamsOpen: m.streams };
}

/**
 * One server through the three steps. `server`: {pid, target (for the clients), metrics(),
 * write() -> {sentAt, answeredAt, match(data)}, event}.
 */
async function measureServer(name, server, spawnTracked, log) {
  // 1. warm-up
  const warm = await clients(spawnTracked);
  try {
    await warm.open(server.target, WARMUP_STREAMS);
    warm.track([server.event]);
    for (let i = 0; i < WARMUP_WRITES; i++) {
      const w = await server.write();
      if (!(await warm.frame(w.match))) throw new Error(`${name}: a warm-up write did not reach the ${WARMUP_STREAMS} warm-up streams in ${FRAME_TIMEOUT_MS} ms`);
    }
  } finally {
    await warm.close();
  }
  // 2. memory before and with N idle streams
  await sleep(SETTLE_MS);
  const before = await atRest(server);
  const snapshots = PROFILE ? mkdtempSync(join(tmpdir(), 'push-heap-')) : null;
  if (snapshots) await inspector(server.inspectPort, 'snapshot', join(snapshots, 'before.heapsnapshot'));
  const c = await clients(spawnTracked);
  try {
    const openStarted = performance.now();
    const opened = await c.open(server.target, STREAMS);
    const openS = (performance.now() - openStarted) / 1000;
    await sleep(SETTLE_MS);
    const idle = await atRest(server);
    let heapPerStream;
    if (snapshots) {
      await inspector(server.inspectPort, 'snapshot', join(snapshots, 'idle.heapsnapshot'));
      heapPerStream = heapDiff(join(snapshots, 'before.heapsnapshot'), join(snapshots, 'idle.heapsnapshot'), STREAMS, 20);
      if (process.env.BENCH_PUSH_KEEP_SNAPSHOTS) log(`  ${name}: heap snapshots kept in ${snapshots}`);
      else rmSync(snapshots, { recursive: true, force: true });
      log(`  ${name}: heap snapshot, self size added per stream ${heapPerStream.bytesPerTotal} bytes; largest: ${heapPerStream.top.slice(0, 8).map((r) => `${r.name} ${r.bytesPer} B`).join(', ')}`);
    }
    const perConnection = {
      rssBytes: Math.round(((idle.rssKB - before.rssKB) * 1024) / STREAMS),
      heapUsedBytes: Math.round((idle.heapUsed - before.heapUsed) / STREAMS),
      externalBytes: Math.round((idle.external - before.external) / STREAMS),
    };
    log(`  ${name}: ${opened} streams open in ${round(openS)} s; RSS ${Math.round(before.rssKB / 1024)} -> ${Math.round(idle.rssKB / 1024)} MB: ${perConnection.rssBytes} bytes per stream (heap used ${perConnection.heapUsedBytes}, external ${perConnection.externalBytes})`);
    // 3. fan-out
    c.track([server.event]);
    const clientCpuBefore = (await c.stats()).cpuMs;
    const serverCpuBefore = cpuMs(server.pid);
    const samples = [];
    let lost = 0;
    const rssDuring = [];
    // BENCH_PUSH_PROFILE=1: a CPU profile of the server over the writes (about their length).
    const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'push-cpu-')) : null;
    const profiling = profileDir ? inspector(server.inspectPort, 'profile', join(profileDir, 'writes.cpuprofile'), String(Math.ceil((WRITES * (SPACING_MS + 400)) / 1000))) : null;
    for (let i = 0; i < WRITES; i++) {
      const w = await server.write();
      const f = await c.frame(w.match);
      rssDuring.push(rssKB(server.pid));
      if (!f) {
        lost += 1;
        continue;
      }
      const data = JSON.parse(f.data);
      const committedAt = Date.parse(data.occurredAt);
      samples.push({
        serverLoopMs: w.serverLoopMs ?? null,
        writeMs: w.answeredAt - w.sentAt,
        lastFromSend: f.last - w.sentAt,
        medianFromSend: f.median - w.sentAt,
        firstFromSend: f.first - w.sentAt,
        lastFromCommit: f.last - committedAt,
        medianFromCommit: f.median - committedAt,
        spread: f.last - f.first,
      });
      await sleep(SPACING_MS);
    }
    const serverCpuPerWriteMs = round((cpuMs(server.pid) - serverCpuBefore) / WRITES);
    const clientCpuPerWriteMs = round(((await c.stats()).cpuMs - clientCpuBefore) / WRITES);
    let cpuProfile;
    if (profiling) {
      await profiling;
      cpuProfile = summarize(join(profileDir, 'writes.cpuprofile'), 25);
      rmSync(profileDir, { recursive: true, force: true });
      log(`  ${name}: CPU profile over the writes, self time by package: ${cpuProfile.byPackage.slice(0, 8).map((p) => `${p.name} ${p.pct} %`).join(', ')}`);
    }
    const stats = await c.stats();
    const pick = (k) => samples.map((s) => s[k]);
    const latency = {
      lastFromSend: summary(pick('lastFromSend')),
      medianFromSend: summary(pick('medianFromSend')),
      firstFromSend: summary(pick('firstFromSend')),
      lastFromCommit: summary(pick('lastFromCommit')),
      medianFromCommit: summary(pick('medianFromCommit')),
      firstToLastSpread: summary(pick('spread')),
      writeAnswered: summary(pick('writeMs')),
      ...(samples.some((s) => s.serverLoopMs !== null) ? { serverWriteLoop: summary(pick('serverLoopMs')) } : {}),
    };
    log(
      `  ${name}: ${samples.length}/${WRITES} writes reached all ${STREAMS} streams${lost ? ` (${lost} did not within ${FRAME_TIMEOUT_MS} ms)` : ''}; CPU per write: server ${serverCpuPerWriteMs} ms, clients ${clientCpuPerWriteMs} ms; last client from send p50 ${latency.lastFromSend.p50} p95 ${latency.lastFromSend.p95} p99 ${latency.lastFromSend.p99} max ${latency.lastFromSend.max} ms; median client p50 ${latency.medianFromSend.p50} p99 ${latency.medianFromSend.p99} ms`,
    );
    return {
      streams: opened,
      openSeconds: round(openS),
      memory: { afterFullGc: true, beforeRssMB: round(before.rssKB / 1024), idleRssMB: round(idle.rssKB / 1024), maxRssDuringWritesMB: round(Math.max(...rssDuring) / 1024), heapUsedBeforeMB: round(before.heapUsed / 2 ** 20), heapUsedIdleMB: round(idle.heapUsed / 2 ** 20), streamsOpenReported: idle.streamsOpen },
      perConnection,
      ...(heapPerStream ? { heapSnapshotPerStream: heapPerStream } : {}),
      ...(cpuProfile ? { cpuProfileOverWrites: cpuProfile } : {}),
      writes: WRITES,
      // CPU time per write over the writes (with the spacing's idle time): less moved by the machine's load than latencies.
      cpuPerWriteMs: { server: serverCpuPerWriteMs, clients: clientCpuPerWriteMs },
      delivered: samples.length,
      lost,
      latencyMs: latency,
      clientStats: { open: stats?.open, closedByPeer: stats?.closedByPeer, incompleteFrames: stats?.incomplete?.length },
    };
  } finally {
    await c.close();
  }
}

/**
 * The section. `startMonolith(env)` -> {url, child} (from dist, own DB and REDIS_PREFIX, as
 * run.mjs starts services); `stop(child)`; `spawnTracked(script, args)` -> a node child with
 * IPC that the bench stops on cleanup; `startBare(port)`; `freePort()`; `apiKey`, `editor`: headers.
 */
export async function runPushSection({ startMonolith, stop, spawnTracked, freePort, apiKey, editor, log }) {
  if (PROFILE) log('live stream: BENCH_PUSH_PROFILE=1, heap snapshots and a CPU profile (slower; the latencies of this run are not comparable)');
  const limit = fdLimit();
  log(`live stream: ${STREAMS} streams, ${WRITES} writes, fd limit (ulimit -n) ${limit}`);
  if (limit !== 'unlimited' && Number(limit) < STREAMS + 500) throw new Error(`ulimit -n is ${limit}: ${STREAMS} streams need about ${STREAMS + 500} file descriptors in the server and in the client process; raise it (ulimit -n ${STREAMS * 2}) or lower BENCH_PUSH_STREAMS`);
  const loadavgAtStart = (await import('node:os')).loadavg().map(round);

  // --- bare: plain node http ---------------------------------------------------------------
  const barePort = await freePort();
  const bareInspect = await freePort();
  const bareChild = spawnTracked('bench/bare-sse-server.mjs', [String(barePort), String(HEARTBEAT_S)], [`--inspect=127.0.0.1:${bareInspect}`]);
  await new Promise((r) => bareChild.once('message', r));
  const bareUrl = `http://127.0.0.1:${barePort}`;
  let ticks = 0;
  const bare = await measureServer(
    'bare node http SSE',
    {
      pid: bareChild.pid,
      inspectPort: bareInspect,
      event: 'tick',
      target: { host: '127.0.0.1', port: barePort, path: '/stream', headers: {}, readyEvent: 'ready' },
      metrics: () => bareMetrics(bareUrl),
      async write() {
        const expected = `t${++ticks}`;
        const sentAt = wallNow();
        const res = await fetch(`${bareUrl}/trigger`, { method: 'POST' });
        const answeredAt = wallNow();
        const { loopMs } = await res.json();
        return { sentAt, answeredAt, serverLoopMs: loopMs, match: (d) => d.id === expected };
      },
    },
    spawnTracked,
    log,
  );
  await stop(bareChild);

  // --- the product: one monolith, its gateway holding the streams ----------------------------
  const monoInspect = await freePort();
  const mono = await startMonolith({ PUSH_MAX_STREAMS: String(STREAMS + 1000), PUSH_MAX_STREAMS_PER_KEY: String(STREAMS + 1000), PUSH_HEARTBEAT_S: String(HEARTBEAT_S) }, [`--inspect=127.0.0.1:${monoInspect}`]);
  const monoUrl = new URL(mono.url);
  const day = 86_400_000;
  let written = 0;
  const product = await measureServer(
    'product (monolith)',
    {
      pid: mono.child.pid,
      inspectPort: monoInspect,
      event: 'campaign.created',
      target: { host: monoUrl.hostname, port: Number(monoUrl.port), path: '/v1/campaign-events/stream', headers: apiKey, readyEvent: 'ready' },
      metrics: () => productMetrics(mono.url),
      async write() {
        written += 1;
        // Far in the future: no live.changed boundary comes near the run.
        const body = JSON.stringify({ name: `Pushed ${written}`, startDate: new Date(Date.now() + 400 * day).toISOString(), endDate: new Date(Date.now() + 401 * day).toISOString() });
        const sentAt = wallNow();
        const res = await fetch(`${mono.url}/v1/campaign-events`, { method: 'POST', headers: { ...editor, 'content-type': 'application/json' }, body });
        const answeredAt = wallNow();
        const created = await res.json();
        if (res.status !== 201) throw new Error(`POST /v1/campaign-events: ${res.status} ${JSON.stringify(created)}`);
        return { sentAt, answeredAt, match: (d) => d.id === created.id };
      },
    },
    spawnTracked,
    log,
  );
  await stop(mono.child);

  const ratios = {
    cpuPerWrite: ratio(product.cpuPerWriteMs.server, bare.cpuPerWriteMs.server),
    rssPerConnection: ratio(product.perConnection.rssBytes, bare.perConnection.rssBytes),
    lastClientFromSendP50: ratio(product.latencyMs.lastFromSend.p50, bare.latencyMs.lastFromSend.p50),
    lastClientFromSendP99: ratio(product.latencyMs.lastFromSend.p99, bare.latencyMs.lastFromSend.p99),
    medianClientFromSendP50: ratio(product.latencyMs.medianFromSend.p50, bare.latencyMs.medianFromSend.p50),
    medianClientFromSendP99: ratio(product.latencyMs.medianFromSend.p99, bare.latencyMs.medianFromSend.p99),
  };
  const targets = [
    { target: `live stream: last client p99 <= 100 ms from commit at ${STREAMS} streams`, value: `${product.latencyMs.lastFromCommit.p99} ms from occurredAt (${product.latencyMs.lastFromSend.p99} ms from the write's send; bare ${bare.latencyMs.lastFromSend.p99} ms)`, met: product.lost === 0 && product.latencyMs.lastFromCommit.p99 !== null && product.latencyMs.lastFromCommit.p99 <= 100 },
    { target: 'live stream: <= 10 kB resident per idle stream', value: `${product.perConnection.rssBytes} bytes (bare ${bare.perConnection.rssBytes} bytes; ${ratios.rssPerConnection} x)`, met: product.perConnection.rssBytes <= 10_240 },
  ];
  return {
    settings: { streams: STREAMS, writes: WRITES, spacingMs: SPACING_MS, heartbeatS: HEARTBEAT_S, fdLimit: limit, clientProcesses: CLIENT_PROCESSES },
    loadavgAtStart,
    loadavgAtEnd: (await import('node:os')).loadavg().map(round),
    bare,
    product,
    ratios,
    targets,
  };
}

/** The lines of the report. */
const ratio = (a, b) => (a === null || b === null || !b ? null : round(a / b));

export function pushReportLines(push) {
  const { bare, product, ratios, settings } = push;
  const l = (x) => x.latencyMs;
  const row = (name, s) => `${name.padEnd(44)} ${String(s.p50).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.max).padStart(8)}`;
  return [
    `live stream: ${settings.streams} streams on one process, ${settings.writes} writes one at a time (load average ${push.loadavgAtStart.join(' ')} at the start of the section)`,
    `  per idle stream, resident: product ${product.perConnection.rssBytes} bytes, bare ${bare.perConnection.rssBytes} bytes (ratio ${ratios.rssPerConnection}); heap used: product ${product.perConnection.heapUsedBytes}, bare ${bare.perConnection.heapUsedBytes}`,
    `  ${'fan-out latency, ms'.padEnd(44)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`,
    `  ${row('bare: trigger sent -> last client', l(bare).lastFromSend)}`,
    `  ${row('bare: trigger sent -> median client', l(bare).medianFromSend)}`,
    `  ${row('product: POST sent -> last client', l(product).lastFromSend)}`,
    `  ${row('product: POST sent -> median client', l(product).medianFromSend)}`,
    `  ${row('product: occurredAt -> last client', l(product).lastFromCommit)}`,
    `  ${row('product: occurredAt -> median client', l(product).medianFromCommit)}`,
    `  ${row('product: POST answered (for reference)', l(product).writeAnswered)}`,
    `  ${row('bare: first -> last client', l(bare).firstToLastSpread)}`,
    `  ${row('product: first -> last client', l(product).firstToLastSpread)}`,
    ...(l(bare).serverWriteLoop ? [`  ${row('bare: its write loop over all streams', l(bare).serverWriteLoop)}`] : []),
    `  CPU per write (server process; client processes): product ${product.cpuPerWriteMs.server} ms, bare ${bare.cpuPerWriteMs.server} ms (ratio ${ratio(product.cpuPerWriteMs.server, bare.cpuPerWriteMs.server)}); clients ${product.cpuPerWriteMs.clients} and ${bare.cpuPerWriteMs.clients} ms`,
    `  ratios product/bare, last client from send: p50 ${ratios.lastClientFromSendP50}, p99 ${ratios.lastClientFromSendP99}; median client: p50 ${ratios.medianClientFromSendP50}, p99 ${ratios.medianClientFromSendP99}`,
  ];
}
