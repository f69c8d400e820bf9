import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TenantCredentials } from '../harness/auth.js';
import { eventually } from '../harness/http.js';
import { Deployment, Member } from '../harness/deployment.js';
import type { Product } from '../harness/product.js';

/**
 * Workers apart and a worker crash: the jobs API runs alone (JOBS_ROLE=api) and two worker
 * processes (JOBS_ROLE=worker) run the jobs. With 50 `sleep` jobs running, one worker is killed
 * with SIGKILL: its jobs' BullMQ locks expire (JOBS_LOCK_MS, shortened here), the stalled check
 * of the surviving worker puts them back, and every job still ends `succeeded`; none is stuck.
 */
describe('jobs: kill -9 a worker while 50 sleep jobs run', () => {
  let deployment: Deployment;
  let product: Product;
  let t: TenantCredentials;
  let workerA: Member;

  beforeAll(async () => {
    deployment = await Deployment.create({ RATE_LIMIT: 'off', JOBS_LOCK_MS: '2000' });
    await deployment.start('campaigns');
    await deployment.start('jobs', { JOBS_ROLE: 'api' });
    workerA = await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    ({ product, t } = await deployment.open(await deployment.start('gateway')));
  }, 60_000);

  afterAll(async () => {
    await deployment?.destroy();
  });

  it('every job reaches succeeded', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'sleep', params: { ms: 4000 } } });
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    // Kill a worker while jobs run. Waiting for all 50 at once could flake: on a loaded machine the
    // first ones may finish before the last ones start, so ten running is enough.
    await eventually(async () => {
      const running = await product.get('/v1/jobs?status=running&limit=200', t.headers.viewer);
      return running.body.items.length >= 10 ? true : undefined;
    }, 30_000, 100);
    workerA.kill();
    expect(await workerA.spawned.exitCode()).toBeNull();

    const finals = await eventually(async () => {
      const page = await product.get('/v1/jobs?limit=200', t.headers.viewer);
      const mine = page.body.items.filter((j: any) => ids.includes(j.id));
      return mine.every((j: any) => j.status === 'succeeded') ? mine : undefined;
    }, 60_000, 500);
    expect(finals).toHaveLength(50);
    for (const job of finals) expect(job).toMatchObject({ status: 'succeeded', result: { sleptMs: 4000 }, error: null });
    // The workers apart answered no request: the API replica did.
    expect((await product.get('/health')).status).toBe(200);
  }, 120_000);
});
