import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { TenantCredentials } from '../harness/auth.js';
import { inDays, sql } from '../harness/campaigns.js';
import { Deployment, Member } from '../harness/deployment.js';
import { eventually, request } from '../harness/http.js';
import { describeOutcome, Load, LoadRequest, ok, Outcome } from '../harness/load.js';
import { PrivateRedisSentinel } from '../harness/private-redis-sentinel.js';
import type { Product } from '../harness/product.js';
import { SHARED_REDIS } from '../harness/test-env.js';

/**
 * kill -9 of the Redis primary under a split deployment that finds Redis through Sentinel (two
 * gateways, two campaigns, a jobs API and two jobs workers, built processes; a private primary,
 * replica and three sentinels on loopback). REDIS_URL points at a port where nothing listens:
 * every connection must come from the sentinels.
 *
 * While creates, updates, reads and jobs flow through both gateways, the primary dies; the
 * sentinels promote the replica within seconds, and everything resumes on its own: no process
 * is restarted. Meanwhile requests fail only as unavailable (503) or past their deadline (504),
 * never 500 and never a dropped connection. Replication is asynchronous, so the new primary may
 * lack the last writes it acknowledged; PostgreSQL is the record, and nothing acknowledged is
 * lost: every 2xx write is readable at its version on both gateways (the read cache applied each
 * change's event), each change's event is in the inbox of both consumers of campaign events,
 * and every job that answered 202 reaches a final status (the reconciler re-enqueues what the
 * queue lost).
 */
const DEADLINE_MS = 3000;
const CONCURRENCY = 6;
/** The load runs on this long at least once every gateway served each kind of write again. */
const AFTER_MS = 10_000;
/**
 * Past this after the resumption, no request fails: a connection's next reconnection attempt is
 * at most 1 s away, and a busy machine gets a few seconds more.
 */
const GRACE_MS = 5000;
const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Polls `problems` until it finds none or `timeoutMs` passed; returns the last problems found. */
async function settled<T>(problems: () => Promise<T[]>, timeoutMs = 30_000): Promise<T[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await problems();
    if (found.length === 0 || Date.now() > until) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('Redis Sentinel: kill -9 of the primary under load', () => {
  let sentinel: PrivateRedisSentinel;
  let deployment: Deployment;
  let product: Product;
  let t: TenantCredentials;
  let load: Load | undefined;
  const gateways: Member[] = [];

  beforeAll(async () => {
    sentinel = await PrivateRedisSentinel.create();
    deployment = await Deployment.create({
      REDIS_URL: 'redis://127.0.0.1:1', // nothing listens there: proves it is not used
      REDIS_SENTINELS: sentinel.sentinels,
      REDIS_SENTINEL_NAME: sentinel.name,
      RATE_LIMIT: 'off',
      REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
      EVENT_CLAIM_IDLE_MS: '2000',
      // The reconciler looks often, and at jobs unchanged for 3 s: what the queue lost runs again soon.
      JOBS_RECONCILE_INTERVAL_MS: '2000',
      JOBS_RECONCILE_IDLE_MS: '3000',
    });
    await deployment.start('campaigns');
    await deployment.start('campaigns');
    await deployment.start('jobs', { JOBS_ROLE: 'api' });
    await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    gateways.push(await deployment.start('gateway'), await deployment.start('gateway'));
    // Seven processes starting at once on a busy two-core machine: a generous margin.
    ({ product, t } = await deployment.open(gateways[0]!, 150_000));
  }, 200_000);

  afterAll(async () => {
    await load?.stop();
    await deployment?.destroy();
    sentinel?.destroy();
  });

  it('resumes on its own after the failover, failing only 503/504 meanwhile, and loses nothing acknowledged', async () => {
    const created: string[] = [];
    const next = (seq: number): LoadRequest => {
      // The load alternates the gateways request by request: each kind goes to both in turn.
      const kind = Math.floor(seq / 2) % 4;
      if (kind === 0 || created.length === 0) return { kind: 'create', method: 'POST', path: '/v1/campaign-events', headers: t.headers.editor, body: { name: `Failover ${seq}`, startDate: inDays(1), endDate: inDays(30) } };
      const id = created[seq % created.length]!;
      if (kind === 1) return { kind: 'update', method: 'PATCH', path: `/v1/campaign-events/${id}`, headers: t.headers.editor, body: { name: `Renamed ${seq}` } };
      if (kind === 2) return { kind: 'read', method: 'GET', path: `/v1/campaign-events/${id}`, headers: t.headers.apiKey };
      return { kind: 'job', method: 'POST', path: '/v1/jobs', headers: t.headers.editor, body: { name: 'sleep', params: { ms: 1000 } } };
    };
    const onOutcome = (o: Outcome) => {
      if (o.kind === 'create' && o.status === 201) created.push(o.body.id);
    };
    load = new Load({ targets: gateways.map((g) => g.url), concurrency: CONCURRENCY, thinkMs: 10, next, onOutcome }).start();
    const okWrites = () => load!.outcomes.filter((o) => ok(o) && (o.kind === 'create' || o.kind === 'update'));
    const before = okWrites().length;
    await eventually(async () => (okWrites().length >= before + 40 ? true : undefined), 60_000, 50);

    const killed = await sentinel.killPrimary();
    const failover = await sentinel.waitForFailover(killed.port);
    // Everything resumes on both gateways: writes and jobs succeed again on each (a process
    // whose connections did not come back would fail all it serves), then the load runs on.
    const firstAfter = (kind: string, target?: string) =>
      load!.outcomes.filter((o) => o.kind === kind && ok(o) && o.started > killed.at && (target === undefined || o.target === target)).sort((a, b) => a.ended - b.ended)[0];
    const resumedEverywhere = () => gateways.every((g) => ['create', 'update', 'job'].every((kind) => firstAfter(kind, g.url)));
    await eventually(async () => (resumedEverywhere() ? true : undefined), 60_000, 50);
    const resumed = Math.max(...gateways.flatMap((g) => ['create', 'update', 'job'].map((kind) => firstAfter(kind, g.url)!.ended)));
    await eventually(async () => (okWrites().filter((o) => o.started > resumed).length >= 40 && Date.now() > resumed + AFTER_MS ? true : undefined), 60_000, 50);
    const outcomes = await load.stop();

    // Failed meanwhile, by status (or connection error).
    const failures = outcomes.filter((o) => !ok(o));
    const byStatus: Record<string, number> = {};
    for (const o of failures) byStatus[o.status ?? o.error!] = (byStatus[o.status ?? o.error!] ?? 0) + 1;
    const lateFailures = failures.filter((o) => o.started > resumed + GRACE_MS);

    // Acknowledged writes: each is in PostgreSQL, and readable at its stored version through both
    // gateways once their read caches applied every change's event.
    const acknowledged = new Map<string, number>();
    for (const o of outcomes) if ((o.kind === 'create' || o.kind === 'update') && ok(o)) acknowledged.set(o.body.id, Math.max(acknowledged.get(o.body.id) ?? 0, o.body.version));
    const ids = [...acknowledged.keys()];
    const rows = await sql(product, `SELECT id, version FROM marketing.campaigns WHERE id = ANY($1::uuid[])`, [ids]);
    const stored = new Map(rows.map((r: { id: string; version: number }) => [r.id, r.version]));
    const lost = [...acknowledged].filter(([id, version]) => (stored.get(id) ?? 0) < version).map(([id, version]) => `${id} v${version}`);
    const stale = await settled(async () => {
      const found: string[] = [];
      for (const gateway of gateways) {
        for (const id of ids) {
          const res = await request(gateway.url, 'GET', `/v1/campaign-events/${id}`, { headers: t.headers.apiKey });
          if (res.status !== 200 || res.body.version !== stored.get(id)) found.push(`${gateway.name} ${id}: ${res.status} v${res.body?.version} (stored v${stored.get(id)})`);
        }
      }
      return found;
    });

    // Events: every change of these campaigns is in the inbox of both consumers of campaign events.
    const eventCounts = async (): Promise<{ events: number; identity: number; jobs: number }> =>
      (
        await sql(
          product,
          `SELECT count(*)::int AS events, count(i.event_id)::int AS identity, count(j.event_id)::int AS jobs
             FROM marketing.outbox o
             LEFT JOIN identity.inbox i ON i.event_id = o.id
             LEFT JOIN jobs.inbox j ON j.event_id = o.id
            WHERE o.aggregate_id = ANY($1::uuid[])`,
          [ids],
        )
      )[0];
    const unconsumed = await settled(async () => {
      const counts = await eventCounts();
      return counts.identity === counts.events && counts.jobs === counts.events ? [] : [counts];
    });
    const consumed = await eventCounts();

    // Jobs: every 202 reaches a final status.
    const jobs = outcomes.filter((o) => o.kind === 'job' && o.status === 202);
    const jobsBeforeKill = jobs.filter((o) => o.started < killed.at).length;
    const unfinished = await settled(async () => {
      const statuses = await sql(product, `SELECT status, count(*)::int AS n FROM jobs.jobs WHERE id = ANY($1::uuid[]) GROUP BY status`, [jobs.map((o) => o.body.id)]);
      return statuses.filter((s: { status: string }) => !FINAL.has(s.status));
    }, 60_000);
    const jobStatuses = await sql(product, `SELECT status, count(*)::int AS n FROM jobs.jobs WHERE id = ANY($1::uuid[]) GROUP BY status ORDER BY status`, [jobs.map((o) => o.body.id)]);

    // REDIS_URL was not used: the shared Redis holds nothing of this deployment.
    const shared = new Redis(SHARED_REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await shared.connect();
    const [, strayKeys] = await shared.scan('0', 'MATCH', `${deployment.env.redisPrefix}:*`, 'COUNT', 100_000);
    shared.disconnect();

    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      [
        `redis-sentinel-failover: ${outcomes.length} requests over ${gateways.length} gateways (${CONCURRENCY} loops)`,
        `kill -> sentinels agree on the new primary: ${seconds(failover.at - killed.at)}`,
        `kill -> first success of a request started after it: ${['create', 'update', 'read', 'job'].map((kind) => `${kind} ${firstAfter(kind) ? seconds(firstAfter(kind)!.ended - killed.at) : 'none'}`).join(', ')}`,
        `failed requests by status: ${JSON.stringify(byStatus)} (${failures.length} of ${outcomes.length}); every gateway served each kind of write again ${seconds(resumed - killed.at)} after the kill, failures started later than ${GRACE_MS / 1000} s after that: ${lateFailures.length}`,
        `acknowledged writes: ${acknowledged.size} campaigns, lost ${lost.length}; reads not at the stored version: ${stale.length}`,
        `events of those campaigns: ${consumed.events}, in the identity inbox ${consumed.identity}, in the jobs inbox ${consumed.jobs}`,
        `jobs accepted: ${jobs.length} (${jobsBeforeKill} before the kill, ${jobs.length - jobsBeforeKill} after); final statuses ${JSON.stringify(jobStatuses)}`,
        '',
      ].join('\n'),
    );
    // 503 or 504 only, never a 500 or a dropped connection.
    expect(failures.filter((o) => o.status !== 503 && o.status !== 504).map((o) => describeOutcome(o, killed.at))).toEqual([]);
    expect(resumed - killed.at).toBeLessThan(30_000);
    expect(lateFailures.map((o) => describeOutcome(o, killed.at))).toEqual([]);
    expect(lost).toEqual([]);
    expect(stale.slice(0, 5)).toEqual([]);
    expect(unconsumed).toEqual([]);
    expect(unfinished).toEqual([]);
    expect(strayKeys).toEqual([]);
  }, 180_000);
});
