import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { eventually } from '../harness/http.js';
import { freePort } from '../harness/private-servers.js';
import { Product } from '../harness/product.js';
import { Spawned } from '../harness/spawned.js';
import { TestEnvironment } from '../harness/test-env.js';

/**
 * Workers apart and a worker crash: the jobs API runs alone (JOBS_ROLE=api) and two worker
 * processes (JOBS_ROLE=worker) run the jobs. With 50 `sleep` jobs running, one worker is killed
 * with SIGKILL: its jobs' BullMQ locks expire (JOBS_LOCK_MS, shortened here), the stalled check
 * of the surviving worker puts them back, and every job still ends `succeeded`; none is stuck.
 */
describe('jobs: kill -9 a worker while 50 sleep jobs run', () => {
  let env: TestEnvironment;
  let product: Product;
  let t: TenantCredentials;
  const processes: Spawned[] = [];
  let workerA: Spawned;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const gatewayPort = await freePort();
    const base = { RATE_LIMIT: 'off', JOBS_LOCK_MS: '2000' };
    const start = async (service: 'gateway' | 'campaigns' | 'jobs', extra: Record<string, string> = {}) => {
      const p = Spawned.start(service, env.vars({ ...base, ...extra, PORT: service === 'gateway' ? String(gatewayPort) : String(await freePort()) }));
      processes.push(p);
      return p;
    };
    await start('campaigns');
    await start('jobs', { JOBS_ROLE: 'api' });
    workerA = await start('jobs', { JOBS_ROLE: 'worker' });
    await start('jobs', { JOBS_ROLE: 'worker' });
    await start('gateway');
    product = Product.create(`http://127.0.0.1:${gatewayPort}`, env, async () => {
      await Promise.all(processes.map((p) => p.stop('SIGTERM').catch(() => null)));
    }, () => Promise.reject(new Error('no further replicas in this test')));
    await product.ready();
    t = await tenantWithCredentials(product);
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
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
    workerA.child.kill('SIGKILL');
    expect(await workerA.exitCode()).toBeNull();

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
