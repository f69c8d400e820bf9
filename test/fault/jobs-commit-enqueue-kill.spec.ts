import { afterAll, describe, expect, it } from '@jest/globals';
import { Deployment } from '../harness/deployment.js';
import { eventually } from '../harness/http.js';
import { PrivateRedis } from '../harness/private-servers.js';
import { adminQuery } from '../harness/test-env.js';

/**
 * The window between a registration's commit and its enqueue, held open on purpose: the
 * monolith's Redis (a private redis-server) is stopped, so registrations commit but cannot reach
 * the queue. The monolith is then killed with SIGKILL while those jobs are in the store and in
 * no queue, and Redis comes back empty. A new monolith must run every one of them exactly once,
 * from the outbox's `job.registered`, with the right result.
 */
describe('jobs: kill -9 after a registration committed and before it was enqueued', () => {
  let redis: PrivateRedis | undefined;
  let deployment: Deployment | undefined;

  afterAll(async () => {
    await deployment?.destroy();
    redis?.kill();
  });

  it('runs every committed job once after the restart', async () => {
    redis = await PrivateRedis.create();
    // The reconciler (the other safety net) only looks at jobs idle for an hour: what runs these
    // jobs here is the outbox's `job.registered`.
    deployment = await Deployment.create({ REDIS_URL: redis.url, RATE_LIMIT: 'off', JOBS_RECONCILE_IDLE_MS: '3600000' });
    const first = await deployment.start('monolith');
    const { t } = await deployment.open(first);
    const product = deployment.product(first);

    redis.kill();
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'arithmetic', params: { op: 'add', a: i, b: 100 } } })),
    );
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    const ids = answers.map((r) => r.body.id as string);
    // In the store, committed with their events, and in no queue: Redis is down.
    const stored = await adminQuery(`SELECT count(*)::int AS n FROM jobs.jobs WHERE id = ANY($1)`, [ids], deployment.env.databaseUrl);
    expect(stored.rows[0].n).toBe(5);
    first.kill();

    await redis.start(); // empty: whatever reached it before the outage is gone too
    const second = await deployment.start('monolith');
    const again = deployment.product(second);
    const jobs = await eventually(async () => {
      const all = await Promise.all(ids.map((id) => again.get(`/v1/jobs/${id}`, t.headers.viewer)));
      return all.every((r) => r.status === 200 && r.body.status === 'succeeded') ? all.map((r) => r.body) : undefined;
    }, 60_000, 250);
    expect(jobs.map((j) => j.result)).toEqual([100, 101, 102, 103, 104]);
    expect(jobs.map((j) => j.attempts)).toEqual([1, 1, 1, 1, 1]);
  }, 120_000);
});
