import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TenantCredentials } from '../harness/auth.js';
import { eventually } from '../harness/http.js';
import { Deployment, Member } from '../harness/deployment.js';
import type { Product } from '../harness/product.js';

/**
 * A registration enqueues its job right after its commit; the outbox's `job.registered` is the
 * safety net for a process that dies in between. Here the jobs API is killed with SIGKILL in the
 * middle of a burst of registrations, another API replica starts, and every job the store holds
 * (whether or not its answer got out) ends succeeded. The kill lands at a random point of the
 * burst: it does not aim at the instant between one commit and its enqueue.
 */
describe('jobs: kill -9 the jobs API during a burst of registrations', () => {
  let deployment: Deployment;
  let product: Product;
  let t: TenantCredentials;
  let api: Member;

  beforeAll(async () => {
    deployment = await Deployment.create({ RATE_LIMIT: 'off' });
    await deployment.start('campaigns');
    api = await deployment.start('jobs', { JOBS_ROLE: 'api' });
    await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    ({ product, t } = await deployment.open(await deployment.start('gateway')));
  }, 60_000);

  afterAll(async () => {
    await deployment?.destroy();
  });

  it('loses no registered job', async () => {
    const burst = Array.from({ length: 150 }, (_, i) =>
      product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'arithmetic', params: { op: 'add', a: i, b: 1 } } }),
    );
    await eventually(async () => ((await product.get('/v1/jobs?limit=5', t.headers.viewer)).body.items.length >= 5 ? true : undefined), 30_000, 5);
    api.kill();
    const answers = await Promise.all(burst);
    await deployment.start('jobs', { JOBS_ROLE: 'api' });
    const accepted = answers.filter((r) => r.status === 202).map((r) => r.body.id as string);
    expect(answers.every((r) => [202, 503, 504].includes(r.status))).toBe(true);

    const jobs = await eventually(async () => {
      const page = await product.get('/v1/jobs?limit=200', t.headers.viewer);
      return page.status === 200 && page.body.items.every((j: any) => j.status === 'succeeded') ? page.body.items : undefined;
    }, 90_000, 500);
    // Every answered registration is there, and every registration the store holds (answered or not) succeeded.
    expect(jobs.map((j: any) => j.id)).toEqual(expect.arrayContaining(accepted));
    expect(jobs.length).toBeGreaterThanOrEqual(accepted.length);
  }, 150_000);
});
