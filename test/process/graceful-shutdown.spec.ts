import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { TenantCredentials } from '../harness/auth.js';
import { inDays, sql } from '../harness/campaigns.js';
import { Deployment, expectNoConnectionsLeft, Member } from '../harness/deployment.js';
import { eventually, request } from '../harness/http.js';
import { closingRefusal, describeOutcome, Load, LoadRequest, ok } from '../harness/load.js';
import type { Product } from '../harness/product.js';
import { SHARED_REDIS } from '../harness/test-env.js';

/**
 * SIGTERM, process by process (built processes, real PostgreSQL, Redis and BullMQ): readiness
 * turns 503 while the process still answers (SHUTDOWN_DRAIN_MS), the work it had taken is
 * finished (HTTP requests, transport requests, running jobs) or handed to another replica, and it
 * exits 0 within SHUTDOWN_TIMEOUT_MS with no PostgreSQL session or Redis connection left.
 */
const DRAIN_MS = 2500;
const TIMEOUT_MS = 15_000;
const TERMINATED = { SHUTDOWN_DRAIN_MS: String(DRAIN_MS), SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) };
const BASE = { RATE_LIMIT: 'off' };
const WORKER_GRACE_MS = 8000;

/** Readiness 503 ("draining") while the process still answers its liveness probe. */
async function expectDraining(member: Member): Promise<void> {
  const draining = await eventually(async () => {
    const res = await request(member.url, 'GET', '/health/ready');
    return res.status === 503 ? res : undefined;
  }, DRAIN_MS - 500, 50);
  expect(draining.body).toMatchObject({ status: 'down', phase: 'draining' });
  expect((await request(member.url, 'GET', '/health/live')).status).toBe(200);
}

/** Exit code 0 within the shutdown timeout, nothing logged at error level, no connection left. */
async function expectCleanExit(member: Member, terminatedAt: number): Promise<number> {
  const code = await member.spawned.exitCode(TIMEOUT_MS + 10_000);
  const exitedAt = Date.now();
  expect({ code, output: code === 0 ? '' : member.spawned.output.slice(-3000), after: exitedAt - terminatedAt }).toEqual({ code: 0, output: '', after: expect.any(Number) });
  expect(exitedAt - terminatedAt).toBeLessThan(TIMEOUT_MS);
  expect(member.logLines(50, terminatedAt)).toEqual([]);
  await expectNoConnectionsLeft(member);
  return exitedAt;
}

/** Loads of the running test: stopped after it, whatever happened. */
const loads: Load[] = [];
const startLoad = (options: ConstructorParameters<typeof Load>[0]): Load => {
  const load = new Load(options).start();
  loads.push(load);
  return load;
};

const campaignBody = (seq: number) => ({ name: `Load ${seq}`, startDate: inDays(1), endDate: inDays(30) });

/** Creates, cache-missing reads (a fresh `q` each time) and job submissions through the HTTP edge. */
function mixedLoad(t: TenantCredentials) {
  return (seq: number): LoadRequest => {
    switch (seq % 3) {
      case 0:
        return { kind: 'create', method: 'POST', path: '/v1/campaign-events', headers: t.headers.editor, body: campaignBody(seq) };
      case 1:
        return { kind: 'read', method: 'GET', path: `/v1/campaign-events?q=miss-${seq}&limit=5`, headers: t.headers.apiKey };
      default:
        return { kind: 'job', method: 'POST', path: '/v1/jobs', headers: t.headers.editor, body: { name: 'arithmetic', params: { op: 'add', a: seq, b: 1 } } };
    }
  };
}

async function warmUp(load: Load, atLeast = 30): Promise<void> {
  await eventually(async () => (load.outcomes.filter(ok).length >= atLeast ? true : undefined), 30_000, 50);
}

/**
 * The HTTP edge (monolith or gateway) under a steady load, then SIGTERM: during the drain every
 * request is answered normally; requests in flight when the server closes (job submissions that
 * wait for their job, several seconds) complete with their normal answer; requests that reach it
 * after it began closing are refused (connection refused, or Fastify's closing 503), never failed
 * half-way; it exits 0.
 */
async function edgeDrains(edge: Member, product: Product, t: TenantCredentials): Promise<void> {
  const load = startLoad({ targets: [edge.url], concurrency: 6, thinkMs: 5, dropFailedTargets: true, next: mixedLoad(t) });
  await warmUp(load);
  const terminatedAt = edge.terminate();
  await expectDraining(edge);
  // Requests that take longer than the drain: in flight when the server closes.
  const slow = await Promise.all(
    Array.from({ length: 3 }, async () => {
      const started = Date.now();
      const res = await product.request('POST', '/v1/jobs?wait=20', { headers: t.headers.editor, body: { name: 'sleep', params: { ms: DRAIN_MS + 1000 } } });
      return { started, ended: Date.now(), res };
    }),
  );
  const exitedAt = await expectCleanExit(edge, terminatedAt);
  const outcomes = await load.stop();

  for (const { started, ended, res } of slow) {
    expect(started).toBeLessThan(terminatedAt + DRAIN_MS); // accepted before the close began...
    expect(ended).toBeGreaterThan(terminatedAt + DRAIN_MS); // ...and still running when it began
    expect({ status: res.status, job: res.body?.status }).toEqual({ status: 200, job: 'succeeded' });
  }
  // Sent well before the close began (its earliest moment is SIGTERM + drain): answered normally.
  const closeBegan = terminatedAt + DRAIN_MS;
  const early = outcomes.filter((o) => o.started < closeBegan - 1000);
  const notOk = early.filter((o) => !ok(o));
  expect(notOk.map((o) => describeOutcome(o, terminatedAt))).toEqual([]);
  expect(early.filter((o) => o.started > terminatedAt).length).toBeGreaterThan(0); // it answered while draining
  // Later: answered normally, or refused because the server was closing; nothing else.
  const bad = outcomes.filter((o) => !ok(o) && !closingRefusal(o) && !(o.status === null && /ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET/.test(o.error ?? '')));
  expect(bad.map((o) => describeOutcome(o, terminatedAt))).toEqual([]);
  expect(exitedAt).toBeGreaterThan(closeBegan);
}

describe('graceful shutdown (SIGTERM), per process', () => {
  afterEach(async () => {
    await Promise.all(loads.splice(0).map((load) => load.stop()));
  });

  describe('monolith', () => {
    let deployment: Deployment;
    let monolith: Member;

    beforeAll(async () => {
      deployment = await Deployment.create(BASE);
      monolith = await deployment.start('monolith', { ...TERMINATED, JOBS_SHUTDOWN_GRACE_MS: '8000' });
      await monolith.ready();
    }, 60_000);

    afterAll(async () => {
      await deployment?.destroy();
    });

    it('drains HTTP requests in flight and exits 0', async () => {
      const { product, t } = await deployment.open(monolith);
      await edgeDrains(monolith, product, t);
    }, 60_000);
  });

  describe('split deployment', () => {
    let deployment: Deployment;
    let gateways: Member[];
    let campaigns: Member[];
    let jobsApi: Member[];
    let workerA: Member;
    let product: Product;
    let t: TenantCredentials;

    beforeAll(async () => {
      deployment = await Deployment.create(BASE);
      campaigns = [await deployment.start('campaigns', TERMINATED), await deployment.start('campaigns', TERMINATED)];
      const api = { ...TERMINATED, JOBS_ROLE: 'api', JOBS_SHUTDOWN_GRACE_MS: '8000' };
      jobsApi = [await deployment.start('jobs', api), await deployment.start('jobs', api)];
      workerA = await deployment.start('jobs', { JOBS_ROLE: 'worker', SHUTDOWN_DRAIN_MS: '1000', SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS), JOBS_SHUTDOWN_GRACE_MS: String(WORKER_GRACE_MS) });
      gateways = [await deployment.start('gateway', TERMINATED), await deployment.start('gateway', TERMINATED)];
      ({ product, t } = await deployment.open(gateways[0]!));
    }, 90_000);

    afterAll(async () => {
      await deployment?.destroy();
    });

    it('gateway: drains HTTP requests in flight (waiting on the transport) and exits 0', async () => {
      await edgeDrains(gateways[1]!, deployment.product(gateways[1]!), t);
    }, 60_000);

    it('campaigns: every request sent over the transport around its SIGTERM is answered, by it or the other replica', async () => {
      const victim = campaigns[1]!;
      const next = (seq: number): LoadRequest =>
        seq % 3 === 2
          ? { kind: 'read', method: 'GET', path: `/v1/campaign-events?q=miss-${seq}&limit=5`, headers: t.headers.apiKey }
          : { kind: 'create', method: 'POST', path: '/v1/campaign-events', headers: t.headers.editor, body: campaignBody(seq) };
      const load = startLoad({ targets: [gateways[0]!.url], concurrency: 12, next });
      await warmUp(load, 50);
      const terminatedAt = victim.terminate();
      await expectDraining(victim);
      const exitedAt = await expectCleanExit(victim, terminatedAt);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const outcomes = await load.stop();

      expect(outcomes.filter((o) => o.started < exitedAt && o.ended > terminatedAt + DRAIN_MS).length).toBeGreaterThan(0); // load ran through the close
      expect(outcomes.filter((o) => !ok(o)).map((o) => describeOutcome(o, terminatedAt))).toEqual([]);
      // Every create answered 201 is there.
      const created = outcomes.filter((o) => o.kind === 'create').map((o) => o.body.id as string);
      const [{ n }] = await sql(product, 'SELECT count(*)::int AS n FROM marketing.campaigns WHERE id = ANY($1::uuid[])', [created]);
      expect(n).toBe(created.length);
    }, 60_000);

    it('jobs (api role): every request around its SIGTERM is answered and every job submitted succeeds', async () => {
      const victim = jobsApi[1]!;
      const submitted: string[] = [];
      const next = (seq: number): LoadRequest =>
        seq % 3 === 2 && submitted.length > 0
          ? { kind: 'get-job', method: 'GET', path: `/v1/jobs/${submitted[submitted.length - 1]}`, headers: t.headers.viewer }
          : { kind: 'job', method: 'POST', path: '/v1/jobs', headers: t.headers.editor, body: { name: 'arithmetic', params: { op: 'multiply', a: seq, b: 2 } } };
      const load = startLoad({
        targets: [gateways[0]!.url],
        concurrency: 8,
        next,
        onOutcome: (o) => (o.kind === 'job' && o.status === 202 ? submitted.push(o.body.id) : undefined),
      });
      await warmUp(load, 50);
      const terminatedAt = victim.terminate();
      await expectDraining(victim);
      await expectCleanExit(victim, terminatedAt);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const outcomes = await load.stop();

      expect(outcomes.filter((o) => !ok(o)).map((o) => describeOutcome(o, terminatedAt))).toEqual([]);
      const jobs = outcomes.filter((o) => o.kind === 'job');
      // Quickly: a job.registered event left pending on the stopped replica would wait for
      // another replica to claim it (EVENT_CLAIM_IDLE_MS, 30 s).
      await eventually(async () => {
        const rows = await sql(product, `SELECT status, count(*)::int AS n FROM jobs.jobs WHERE id = ANY($1::uuid[]) AND status <> 'succeeded' GROUP BY status`, [jobs.map((o) => o.body.id)]);
        if (rows.length === 0) return true;
        throw new Error(`not yet succeeded: ${JSON.stringify(rows)}`);
      }, 15_000, 250);
    }, 90_000);

    it('jobs (worker role): running jobs finish within the grace or go back to the queue, unharmed, and run on another worker', async () => {
      const submit = async (ms: number) => {
        const res = await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'sleep', params: { ms } } });
        expect(res.status).toBe(202);
        return res.body.id as string;
      };
      const job = async (id: string) => (await product.get(`/v1/jobs/${id}`, t.headers.viewer)).body;
      // Worker A, alone, runs them all: three that end within its grace, two that cannot.
      const short = [await submit(5000), await submit(5000), await submit(5000)];
      const long = await submit(12_000);
      const endless = await submit(600_000);
      await eventually(async () => {
        const all = await Promise.all([...short, long, endless].map(job));
        return all.every((j) => j.status === 'running') ? true : undefined;
      }, 30_000, 100);

      const terminatedAt = workerA.terminate();
      const workerB = await deployment.start('jobs', { JOBS_ROLE: 'worker' }); // starts while A drains
      await expectDraining(workerA);
      const exitedAt = await expectCleanExit(workerA, terminatedAt);
      await workerB.ready();

      // Running at SIGTERM, finished within the grace, on A: one run each.
      for (const id of short) {
        const j = await job(id);
        expect(j).toMatchObject({ status: 'succeeded', attempts: 1, error: null, result: { sleptMs: 5000 } });
        expect(Date.parse(j.startedAt)).toBeLessThan(terminatedAt);
        expect(Date.parse(j.finishedAt)).toBeGreaterThan(terminatedAt);
      }
      // Handed back when the grace ended, not left for the stalled check (JOBS_LOCK_MS is 30 s
      // here): running again on B within seconds of A's exit, with no attempt used.
      const again = await eventually(async () => {
        const j = await job(endless);
        return j.status === 'running' && Date.parse(j.startedAt) > terminatedAt + WORKER_GRACE_MS ? j : undefined;
      }, 10_000, 100);
      expect(again).toMatchObject({ attempts: 1, error: null });
      const finished = await eventually(async () => ((await job(long)).status === 'succeeded' ? job(long) : undefined), 30_000, 250);
      expect(finished).toMatchObject({ status: 'succeeded', attempts: 1, error: null, result: { sleptMs: 12_000 } });
      expect(Date.parse(finished.startedAt)).toBeGreaterThan(terminatedAt + WORKER_GRACE_MS);

      // BullMQ: no attempt used by the hand-back (attemptsMade), one more start (attemptsStarted).
      const redis = new Redis(SHARED_REDIS, { maxRetriesPerRequest: null });
      const queue = new Queue('sleep', { connection: redis, prefix: `${deployment.env.redisPrefix}:{bull:sleep}` });
      try {
        const [l, e, s] = await Promise.all([queue.getJob(long), queue.getJob(endless), queue.getJob(short[0]!)]);
        expect({ made: l!.attemptsMade, started: l!.attemptsStarted }).toEqual({ made: 1, started: 2 });
        expect({ made: e!.attemptsMade, started: e!.attemptsStarted }).toEqual({ made: 0, started: 2 });
        expect({ made: s!.attemptsMade, started: s!.attemptsStarted }).toEqual({ made: 1, started: 1 });
      } finally {
        await queue.close();
        redis.disconnect();
      }
      // The store recorded each hand-back as `queued` (attempt 1, step "requeued"), not as a failure.
      const events = await sql(
        product,
        `SELECT aggregate_id, type, aggregate_version FROM jobs.outbox WHERE aggregate_id = ANY($1::uuid[]) AND aggregate_version >= 100 AND type <> 'job.progress' ORDER BY seq`,
        [[long, endless, short[0]]],
      );
      const of = (id: string) => events.filter((e) => e.aggregate_id === id).map((e) => `${e.type}@${e.aggregate_version}`);
      expect(of(long)).toEqual(['job.started@102', 'job.queued@104', 'job.started@202', 'job.succeeded@205']);
      expect(of(endless)).toEqual(['job.started@102', 'job.queued@104', 'job.started@202']);
      expect(of(short[0]!)).toEqual(['job.started@102', 'job.succeeded@105']);

      expect((await product.request('POST', `/v1/jobs/${endless}/cancel`, { headers: t.headers.admin })).status).toBe(202);
      await workerB.spawned.stop('SIGTERM');
    }, 120_000);
  });
});
