import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TenantCredentials } from '../harness/auth.js';
import { inDays, sql } from '../harness/campaigns.js';
import { Deployment, Member } from '../harness/deployment.js';
import { eventually } from '../harness/http.js';
import { describeOutcome, Load, LoadRequest, ok, Outcome } from '../harness/load.js';
import type { Product } from '../harness/product.js';

/**
 * kill -9 of one replica of each service in the middle of a steady load (split mode, built
 * processes: two gateways, two campaigns, two jobs with the `all` role). The client round-robins
 * over the two gateways and, like a load balancer, stops sending to one whose connection failed.
 *
 * What may fail is only what was in flight on a killed process: requests a killed campaigns or
 * jobs replica had taken (the gateway answers 504 DEADLINE_EXCEEDED at the transport deadline,
 * or 503 SERVICE_UNAVAILABLE), at most one per load loop; and requests on the killed gateway's
 * connections. Every request sent after a kill succeeds, and nothing is lost: every campaign that
 * answered 201 is readable and its event consumed, every job that answered 202 succeeds, no
 * event stays unpublished or unacknowledged.
 */
const DEADLINE_MS = 3000;
const CONCURRENCY = 6;

describe('kill -9 a replica of each service under load', () => {
  let deployment: Deployment;
  let product: Product;
  let t: TenantCredentials;
  let load: Load | undefined;
  const members: Record<string, Member> = {};

  beforeAll(async () => {
    deployment = await Deployment.create({
      RATE_LIMIT: 'off',
      REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
      JOBS_LOCK_MS: '2000', // a killed worker's jobs run again within seconds
      EVENT_CLAIM_IDLE_MS: '2000', // a killed consumer's events go to the other replica within seconds
      // The reconciler would re-enqueue jobs whose job.registered event went missing; off here, so
      // that "every job succeeds" proves the event path itself lost none.
      JOBS_RECONCILE_INTERVAL_MS: '600000',
    });
    for (const name of ['campaignsA', 'campaignsB', 'jobsA', 'jobsB'] as const) {
      members[name] = await deployment.start(name.startsWith('campaigns') ? 'campaigns' : 'jobs');
    }
    members.gatewayA = await deployment.start('gateway');
    members.gatewayB = await deployment.start('gateway');
    ({ product, t } = await deployment.open(members.gatewayB!));
  }, 90_000);

  afterAll(async () => {
    await load?.stop();
    await deployment?.destroy();
  });

  it('fails only what was in flight on the killed processes, and loses nothing', async () => {
    const next = (seq: number): LoadRequest => {
      switch (seq % 3) {
        case 0:
          return { kind: 'create', method: 'POST', path: '/v1/campaign-events', headers: t.headers.editor, body: { name: `Kill ${seq}`, startDate: inDays(1), endDate: inDays(30) } };
        case 1:
          // A fresh query each time: a cache miss, answered by a campaigns replica.
          return { kind: 'read', method: 'GET', path: `/v1/campaign-events?q=kill-${seq}&limit=5`, headers: t.headers.apiKey };
        default:
          return { kind: 'job', method: 'POST', path: '/v1/jobs', headers: t.headers.editor, body: { name: 'sleep', params: { ms: 1500 } } };
      }
    };
    load = new Load({ targets: [members.gatewayA!.url, members.gatewayB!.url], concurrency: CONCURRENCY, thinkMs: 5, dropFailedTargets: true, next }).start();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const settle = async () => {
      const before = load!.outcomes.filter(ok).length;
      await eventually(async () => (load!.outcomes.filter(ok).length >= before + 30 ? true : undefined), 30_000, 50);
    };

    await settle();
    // `at`: just before SIGKILL; `dead`: once its exit was seen (it may take a request in between).
    const kills: Array<{ member: Member; at: number; dead: number }> = [];
    for (const victim of ['campaignsA', 'jobsA', 'gatewayA']) {
      const member = members[victim]!;
      const at = member.kill();
      expect(await member.spawned.exitCode()).toBeNull(); // killed, not exited
      kills.push({ member, at, dead: Date.now() });
      await pause(DEADLINE_MS + 1000); // past the transport deadline of what the victim had taken
      await settle();
    }
    const outcomes = await load.stop();

    // Each failure is explained by one kill: in flight on it when it died.
    const killOf = (o: Outcome) =>
      kills.find(({ member, at, dead }) => {
        if (member.service === 'gateway') return o.target === member.url && o.status === null;
        const inFlight = o.started <= dead && o.ended >= at;
        return inFlight && ((o.status === 504 && o.body?.code === 'DEADLINE_EXCEEDED') || (o.status === 503 && o.body?.code === 'SERVICE_UNAVAILABLE'));
      });
    const failures = outcomes.filter((o) => !ok(o));
    expect(failures.filter((o) => !killOf(o)).map((o) => describeOutcome(o, kills[0]!.at))).toEqual([]);
    // In flight means at most one request per load loop at each kill.
    for (const kill of kills) expect(failures.filter((o) => killOf(o) === kill).length).toBeLessThanOrEqual(CONCURRENCY);
    // The load ran through every kill: requests succeeded after each one, on the survivors.
    for (const { at } of kills) expect(outcomes.filter((o) => ok(o) && o.started > at).length).toBeGreaterThanOrEqual(30);

    // Nothing lost: each create that answered 201 is readable, and its event was consumed.
    const created = outcomes.filter((o) => o.kind === 'create' && o.status === 201).map((o) => o.body.id as string);
    expect(created.length).toBeGreaterThan(10);
    for (const id of created) expect((await product.get(`/v1/campaign-events/${id}`, t.headers.viewer)).status).toBe(200);
    await eventually(async () => {
      const [row] = await sql(
        product,
        `SELECT count(*)::int AS events, count(i.event_id)::int AS consumed
           FROM marketing.outbox o LEFT JOIN identity.inbox i ON i.event_id = o.id
          WHERE o.type = 'campaign.created' AND o.aggregate_id = ANY($1::uuid[])`,
        [created],
      );
      if (row.events === created.length && row.consumed === created.length) return true;
      throw new Error(`${created.length} created, ${row.events} campaign.created events, ${row.consumed} consumed`);
    }, 20_000, 250);
    // Each job that answered 202 succeeds (those the killed worker ran, on the other one).
    const jobs = outcomes.filter((o) => o.kind === 'job' && o.status === 202).map((o) => o.body.id as string);
    expect(jobs.length).toBeGreaterThan(10);
    await eventually(async () => {
      const rows = await sql(product, `SELECT status, count(*)::int AS n FROM jobs.jobs WHERE id = ANY($1::uuid[]) GROUP BY status`, [jobs]);
      if (rows.length === 1 && rows[0].status === 'succeeded' && rows[0].n === jobs.length) return true;
      throw new Error(`jobs by status: ${JSON.stringify(rows)}`);
    }, 20_000, 500);
    // No event left unpublished, or unacknowledged by any consuming service.
    await eventually(async () => {
      const [{ unpublished }] = await sql(product, `SELECT (SELECT count(*) FROM marketing.outbox WHERE published_at IS NULL) + (SELECT count(*) FROM jobs.outbox WHERE published_at IS NULL) AS unpublished`);
      const pending = await Promise.all([members.gatewayB!, members.campaignsB!, members.jobsB!].map(async (m) => (await (await fetch(`${m.url}/metrics`)).text()).match(/^event_consumer_pending\{[^}]*\} [1-9]/m)));
      return Number(unpublished) === 0 && pending.every((match) => match === null) ? true : undefined;
    }, 20_000, 500);
  }, 120_000);
});
