import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TenantCredentials } from '../harness/auth.js';
import { inDays, sql } from '../harness/campaigns.js';
import { Deployment, Member } from '../harness/deployment.js';
import { eventually } from '../harness/http.js';
import { describeOutcome, Load, LoadRequest, ok, Outcome } from '../harness/load.js';
import { PrivateRedisCluster } from '../harness/private-redis-cluster.js';
import type { Product } from '../harness/product.js';

/**
 * kill -9 of a Redis Cluster primary (one with a replica) under a steady load of writes, reads
 * and jobs through a split deployment (two gateways, two campaigns, jobs API and workers) on a
 * private three-primary cluster. The killed primary is the one holding the event streams'
 * slot (`{events}`), the path every acknowledged write's event takes.
 *
 * The cluster promotes the replica within seconds (cluster-node-timeout 2 s); the product
 * resumes by itself, no process restarted. Meanwhile requests may fail, as 503 or 504 only
 * (never 500, and every gateway keeps answering). Nothing acknowledged is lost: each campaign
 * that answered 201 is readable, its event consumed once, and each job that answered 202
 * reaches a final status. Redis replication is asynchronous, so the old primary may take
 * entries with it: PostgreSQL is the record (the outbox republishes what a stream lost, the
 * reconciler re-enqueues jobs a queue lost).
 */
const DEADLINE_MS = 3000;
const CONCURRENCY = 6;

describe('kill -9 a Redis Cluster primary under load', () => {
  let cluster: PrivateRedisCluster;
  let deployment: Deployment;
  let product: Product;
  let t: TenantCredentials;
  let load: Load | undefined;
  const members: Record<string, Member> = {};

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.create({ primaries: 3, replicasPerPrimary: 1 });
    deployment = await Deployment.create({
      REDIS_CLUSTER_NODES: cluster.nodes,
      RATE_LIMIT: 'off',
      REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
      JOBS_LOCK_MS: '2000',
      EVENT_CLAIM_IDLE_MS: '2000',
      // Jobs a lost queue entry left behind are enqueued again within seconds.
      JOBS_RECONCILE_INTERVAL_MS: '3000',
    });
    members.campaignsA = await deployment.start('campaigns');
    members.campaignsB = await deployment.start('campaigns');
    members.jobsApi = await deployment.start('jobs', { JOBS_ROLE: 'api' });
    members.jobsWorker = await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    members.gatewayA = await deployment.start('gateway');
    members.gatewayB = await deployment.start('gateway');
    // Six processes starting at once on a shared 2-core machine: more than open()'s 30 s at times.
    ({ product, t } = await deployment.open(members.gatewayA!, 150_000));
  }, 240_000);

  afterAll(async () => {
    await load?.stop();
    await deployment?.destroy();
    cluster?.destroy();
  });

  it('resumes within seconds, fails only with 503/504 meanwhile, and loses nothing it acknowledged', async () => {
    const next = (seq: number): LoadRequest => {
      switch (seq % 3) {
        case 0:
          return { kind: 'create', method: 'POST', path: '/v1/campaign-events', headers: t.headers.editor, body: { name: `Failover ${seq}`, startDate: inDays(1), endDate: inDays(30) } };
        case 1:
          // A fresh query each time: a cache miss, answered by a campaigns replica over Redis.
          return { kind: 'read', method: 'GET', path: `/v1/campaign-events?q=failover-${seq}&limit=5`, headers: t.headers.apiKey };
        default:
          return { kind: 'job', method: 'POST', path: '/v1/jobs', headers: t.headers.editor, body: { name: 'sleep', params: { ms: 200 } } };
      }
    };
    load = new Load({ targets: [members.gatewayA!.url, members.gatewayB!.url], concurrency: CONCURRENCY, thinkMs: 5, next }).start();
    const settle = async (count: number) => {
      const before = load!.outcomes.filter(ok).length;
      await eventually(async () => (load!.outcomes.filter(ok).length >= before + count ? true : undefined), 60_000, 50);
    };

    await settle(30);
    const victim = cluster.primaryIndexOf(`${deployment.env.redisPrefix}:{events}:marketing`);
    const killedAt = cluster.killPrimary(victim);
    const failedOverAt = await cluster.waitForFailover();
    await settle(60);
    const outcomes = await load.stop();

    const after = outcomes.filter((o) => o.started >= killedAt);
    const firstSuccess = (kind?: string) => after.find((o) => ok(o) && (kind === undefined || o.kind === kind))?.ended;
    const seconds = (at: number | undefined) => (at === undefined ? 'never' : ((at - killedAt) / 1000).toFixed(2));
    const failures = outcomes.filter((o) => !ok(o));
    const byStatus = failures.reduce<Record<string, number>>((n, o) => ({ ...n, [String(o.status)]: (n[String(o.status)] ?? 0) + 1 }), {});
    console.log(
      [
        `Redis Cluster primary #${victim} killed (kill -9); replica promoted after ${seconds(failedOverAt)} s`,
        `first success after the kill: any ${seconds(firstSuccess())} s, create ${seconds(firstSuccess('create'))} s, read ${seconds(firstSuccess('read'))} s, job ${seconds(firstSuccess('job'))} s`,
        `requests: ${outcomes.length}, failed ${failures.length} (by status ${JSON.stringify(byStatus)})`,
      ].join('\n'),
    );

    // Failures are the outage's answers only: 503 (Redis or a service unavailable) or 504 (deadline).
    expect(failures.filter((o) => o.status !== 503 && o.status !== 504).map((o) => describeOutcome(o, killedAt))).toEqual([]);
    // It resumed by itself, within seconds of the promotion (generous margin on a shared machine).
    for (const kind of ['create', 'read', 'job']) expect(firstSuccess(kind)).toBeLessThan(failedOverAt + 15_000);
    // And kept going: the last requests all succeeded.
    expect(outcomes.slice(-20).filter((o) => !ok(o)).map((o) => describeOutcome(o, killedAt))).toEqual([]);

    // Acknowledged writes lost: none. Each create that answered 201 is readable, its event consumed once.
    const created = outcomes.filter((o) => o.kind === 'create' && o.status === 201).map((o) => o.body.id as string);
    expect(created.length).toBeGreaterThan(10);
    const lost: string[] = [];
    for (const id of created) if ((await product.get(`/v1/campaign-events/${id}`, t.headers.viewer)).status !== 200) lost.push(id);
    console.log(`acknowledged writes: ${created.length}, lost ${lost.length}`);
    expect(lost).toEqual([]);
    const consumed = await eventually(async () => {
      const [row] = await sql(
        product,
        `SELECT count(DISTINCT o.id)::int AS events, count(i.event_id)::int AS consumed
           FROM marketing.outbox o LEFT JOIN identity.inbox i ON i.event_id = o.id
          WHERE o.type = 'campaign.created' AND o.aggregate_id = ANY($1::uuid[])`,
        [created],
      );
      if (row.events === created.length && row.consumed === created.length) return row;
      throw new Error(`${created.length} created, ${row.events} campaign.created events, ${row.consumed} consumed`);
    }, 60_000, 500);
    console.log(`events: ${consumed.events} raised, ${consumed.consumed} applied (once each)`);

    // Each job that answered 202 reaches a final status.
    const jobs = outcomes.filter((o) => o.kind === 'job' && o.status === 202).map((o) => o.body.id as string);
    expect(jobs.length).toBeGreaterThan(10);
    const final = await eventually(async () => {
      const rows = await sql(product, `SELECT status, count(*)::int AS n FROM jobs.jobs WHERE id = ANY($1::uuid[]) GROUP BY status`, [jobs]);
      if (rows.length === 1 && rows[0].status === 'succeeded' && rows[0].n === jobs.length) return rows[0].n as number;
      throw new Error(`jobs by status: ${JSON.stringify(rows)}`);
    }, 60_000, 500);
    console.log(`jobs: ${jobs.length} accepted, ${final} succeeded`);
    // No process restarted.
    for (const member of Object.values(members)) expect(member.spawned.child.exitCode).toBeNull();
  }, 240_000);
});
