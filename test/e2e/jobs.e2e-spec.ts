import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { eventually, TestResponse } from '../harness/http.js';
import { MODE, Product } from '../harness/product.js';
import { adminQuery, deleteKeys, testRedis } from '../harness/test-env.js';

/**
 * Jobs end to end, against real PostgreSQL, Redis and BullMQ, in the mode of the run (monolith or
 * split): every definition to its contract result, failures with their codes, validation,
 * idempotency, wait, runAt, cancellation, admin retry, schedules, the ops view, the reconciler
 * after a Redis loss of the queue, and the dashboard's Basic auth.
 */
describe(`jobs (${MODE})`, () => {
  let product: Product;
  let t: TenantCredentials;
  let other: TenantCredentials;
  const DASHBOARD_PASSWORD = 'queue-dashboard-test-password';

  beforeAll(async () => {
    product = await Product.start({
      QUEUE_DASHBOARD_PASSWORD: DASHBOARD_PASSWORD,
      RATE_LIMIT: 'off',
      JOBS_RECONCILE_INTERVAL_MS: '1000',
      JOBS_RECONCILE_IDLE_MS: '500',
      JOBS_SCHEDULE_TICK_MS: '200',
    });
    t = await tenantWithCredentials(product);
    other = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  const register = (body: unknown, headers: Record<string, string> = t.headers.editor, query = '') =>
    product.request('POST', `/v1/jobs${query}`, { headers, body });

  async function finalOf(id: string, headers = t.headers.viewer): Promise<any> {
    return eventually(async () => {
      const res = await product.get(`/v1/jobs/${id}`, headers);
      return ['succeeded', 'failed', 'cancelled'].includes(res.body.status) ? res.body : undefined;
    }, 20_000, 50);
  }

  it('lists the definitions with their params schemas', async () => {
    const res = await product.get('/v1/jobs/definitions', t.headers.viewer);
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: any) => d.name)).toEqual(['arithmetic', 'sleep', 'campaigns.report']);
    for (const d of res.body.items) expect(d).toEqual({ name: expect.any(String), description: expect.any(String), paramsSchema: expect.any(Object), timeoutMs: expect.any(Number), attempts: expect.any(Number) });
  });

  it.each([
    [{ op: 'add', a: 5, b: 10 }, 15],
    [{ op: 'add', a: 'a', b: 'b' }, 'ab'],
    [{ op: 'divide', a: 4, b: 7 }, 0.5714285714285714],
    [{ op: 'subtract', a: 1, b: 3 }, -2],
    [{ op: 'multiply', a: 6, b: 7 }, 42],
  ])('arithmetic %j succeeds with %j', async (params, result) => {
    const res = await register({ name: 'arithmetic', params });
    expect([200, 202]).toContain(res.status);
    expect(res.headers.get('location')).toBe(`/v1/jobs/${res.body.id}`);
    const job = await finalOf(res.body.id);
    expect(job).toMatchObject({ id: res.body.id, name: 'arithmetic', params, status: 'succeeded', result, error: null, attempts: 1, progress: 100, scheduleId: null, runAt: null });
    expect(Date.parse(job.startedAt)).toBeLessThanOrEqual(Date.parse(job.finishedAt));
  });

  it('divide by zero and a non-finite result fail with their codes', async () => {
    const zero = await register({ name: 'arithmetic', params: { op: 'divide', a: 4, b: 0 } }, t.headers.editor, '?wait=10');
    expect(zero.status).toBe(200);
    expect(zero.body).toMatchObject({ status: 'failed', result: null, error: { code: 'DIVISION_BY_ZERO', message: expect.any(String) }, attempts: 1 });
    const huge = await register({ name: 'arithmetic', params: { op: 'multiply', a: 1e308, b: 10 } }, t.headers.editor, '?wait=10');
    expect(huge.body).toMatchObject({ status: 'failed', error: { code: 'NOT_FINITE' } });
  });

  it('sleep succeeds with {sleptMs}; wait answers 200 when final', async () => {
    const res = await register({ name: 'sleep', params: { ms: 50 } }, t.headers.editor, '?wait=10');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', result: { sleptMs: 50 } });
  });

  it('wait=0 answers 202 with the job as it stands; wait past its end answers 202 too', async () => {
    const now = await register({ name: 'sleep', params: { ms: 3000 } });
    expect(now.status).toBe(202);
    expect(['registered', 'queued', 'running']).toContain(now.body.status);
    const waited = await register({ name: 'sleep', params: { ms: 5000 } }, t.headers.editor, '?wait=1');
    expect(waited.status).toBe(202);
    const started = Date.now();
    const read = await product.get(`/v1/jobs/${now.body.id}?wait=10`, t.headers.viewer);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('succeeded');
    expect(Date.now() - started).toBeLessThan(9000);
  });

  it("campaigns.report counts the tenant's campaigns and events by status", async () => {
    const day = 86_400_000;
    const iso = (offset: number) => new Date(Date.now() + offset).toISOString();
    const create = (name: string, start: number, end: number) =>
      product.request('POST', '/v1/campaign-events', { headers: t.headers.editor, body: { name, startDate: iso(start), endDate: iso(end) } });
    const live = await create('live', -day, day);
    await create('upcoming', day, 2 * day);
    await create('ended', -2 * day, -day);
    expect(live.status).toBe(201);
    const event = await product.request('POST', '/v1/events', { headers: t.headers.editor, body: { name: 'e', campaignEventId: live.body.id, startDate: iso(-day / 2), endDate: iso(day / 2) } });
    expect(event.status).toBe(201);
    const res = await register({ name: 'campaigns.report', params: {} }, t.headers.editor, '?wait=15');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'succeeded',
      result: { campaigns: { upcoming: 1, live: 1, ended: 1, total: 3 }, events: { upcoming: 0, live: 1, ended: 0, total: 1 }, generatedAt: expect.any(String) },
    });
    const otherReport = await register({ name: 'campaigns.report', params: {} }, other.headers.editor, '?wait=15');
    expect(otherReport.body.result.campaigns.total).toBe(0);
  });

  it.each([
    [{ name: 'arithmetic', params: { op: 'power', a: 1, b: 2 } }, 'params.op'],
    [{ name: 'arithmetic', params: { op: 'add', a: 'a', b: 1 } }, 'params.b'],
    [{ name: 'arithmetic', params: { op: 'divide', a: 'x', b: 2 } }, 'params.a'],
    [{ name: 'arithmetic', params: { op: 'add', a: 1 } }, 'params.b'],
    [{ name: 'sleep', params: { ms: 600001 } }, 'params.ms'],
    [{ name: 'sleep', params: { ms: 1.5 } }, 'params.ms'],
    [{ name: 'sleep', params: {}, extra: 1 }, 'extra'],
    [{ name: 'nope', params: {} }, 'name'],
    [{ name: 'campaigns.report', params: { x: 1 } }, 'params.x'],
    [{ name: 'sleep', params: { ms: 1 }, runAt: '2026-01-01T00:00:00' }, 'runAt'],
  ])('bad registration %j is a 400 naming %s', async (body, field) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
  });

  it('wait outside 0–30 is a 400', async () => {
    for (const wait of ['31', '-1', 'x', '1.5']) {
      expect((await register({ name: 'sleep', params: { ms: 1 } }, t.headers.editor, `?wait=${wait}`)).status).toBe(400);
      expect((await product.get(`/v1/jobs/00000000-0000-7000-8000-000000000000?wait=${wait}`, t.headers.viewer)).status).toBe(400);
    }
  });

  it('Idempotency-Key: same body replays the first job (200, Idempotent-Replayed), another body is a 409', async () => {
    const headers = { ...t.headers.editor, 'idempotency-key': `key-${Date.now()}` };
    const first = await register({ name: 'arithmetic', params: { op: 'add', a: 1, b: 2 } }, headers);
    expect(first.status).toBe(202);
    const again = await register({ name: 'arithmetic', params: { b: 2, a: 1, op: 'add' } }, headers);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const reused = await register({ name: 'arithmetic', params: { op: 'add', a: 1, b: 3 } }, headers);
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another tenant may use the same key.
    const theirs = await register({ name: 'arithmetic', params: { op: 'add', a: 1, b: 2 } }, { ...other.headers.editor, 'idempotency-key': headers['idempotency-key'] });
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(first.body.id);
    // Parallel repeats make one job.
    const key = { ...t.headers.editor, 'idempotency-key': `par-${Date.now()}` };
    const parallel = await Promise.all(Array.from({ length: 10 }, () => register({ name: 'sleep', params: { ms: 1 } }, key)));
    expect(new Set(parallel.filter((r) => r.status < 300).map((r) => r.body.id)).size).toBe(1);
    for (const r of parallel) expect([200, 202, 409]).toContain(r.status);
  });

  it('runAt delays the start', async () => {
    const runAt = new Date(Date.now() + 2000).toISOString();
    const res = await register({ name: 'arithmetic', params: { op: 'add', a: 2, b: 2 }, runAt });
    expect(res.status).toBe(202);
    expect(res.body.runAt).toBe(runAt);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await product.get(`/v1/jobs/${res.body.id}`, t.headers.viewer)).body.status).toMatch(/registered|queued/);
    const job = await finalOf(res.body.id);
    expect(job.status).toBe('succeeded');
    expect(Date.parse(job.startedAt)).toBeGreaterThanOrEqual(Date.parse(runAt) - 50);
  });

  it('cancels a queued job and a running sleep (which stops within 1 s); a final job answers 409', async () => {
    const delayed = await register({ name: 'sleep', params: { ms: 1 }, runAt: new Date(Date.now() + 60_000).toISOString() });
    const cancelQueued = await product.request('POST', `/v1/jobs/${delayed.body.id}/cancel`, { headers: t.headers.admin });
    expect(cancelQueued.status).toBe(202);
    expect(cancelQueued.body).toMatchObject({ status: 'cancelled', finishedAt: expect.any(String) });

    const long = await register({ name: 'sleep', params: { ms: 60_000 } });
    await eventually(async () => ((await product.get(`/v1/jobs/${long.body.id}`, t.headers.viewer)).body.status === 'running' ? true : undefined), 10_000, 50);
    const cancelledAt = Date.now();
    const cancel = await product.request('POST', `/v1/jobs/${long.body.id}/cancel`, { headers: t.headers.admin });
    expect(cancel.status).toBe(202);
    expect(cancel.body.status).toBe('cancelled');
    // The worker let go of it: the BullMQ job is no longer active within 1 s (generous margin on shared machines).
    const redis = testRedis();
    try {
      const stoppedAfter = await eventually(async () => {
        const active = await redis.lrange(`${product.env.redisPrefix}:{bull:sleep}:sleep:active`, 0, -1);
        return active.includes(long.body.id) ? undefined : Date.now() - cancelledAt;
      }, 5000, 20);
      expect(stoppedAfter).toBeLessThan(1500);
    } finally {
      redis.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await product.get(`/v1/jobs/${long.body.id}`, t.headers.viewer)).body.status).toBe('cancelled');

    const again = await product.request('POST', `/v1/jobs/${long.body.id}/cancel`, { headers: t.headers.admin });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('JOB_ALREADY_FINAL');
  });

  it('retries a failed job as a new attempt; 409 unless failed', async () => {
    const failed = await register({ name: 'arithmetic', params: { op: 'divide', a: 1, b: 0 } }, t.headers.editor, '?wait=10');
    expect(failed.body.status).toBe('failed');
    const retry = await product.request('POST', `/v1/jobs/${failed.body.id}/retry`, { headers: t.headers.admin });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ status: 'queued', error: null, finishedAt: null });
    const job = await finalOf(failed.body.id);
    expect(job).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'DIVISION_BY_ZERO' } });

    const ok = await register({ name: 'arithmetic', params: { op: 'add', a: 1, b: 1 } }, t.headers.editor, '?wait=10');
    const refused = await product.request('POST', `/v1/jobs/${ok.body.id}/retry`, { headers: t.headers.admin });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('JOB_NOT_FAILED');
  });

  it('malformed ids are 400, unknown and other tenants’ jobs 404', async () => {
    const mine = await register({ name: 'sleep', params: { ms: 1 } });
    expect((await product.get('/v1/jobs/not-a-uuid', t.headers.viewer)).status).toBe(400);
    expect((await product.get('/v1/jobs/00000000-0000-7000-8000-000000000000', t.headers.viewer)).status).toBe(404);
    expect((await product.get(`/v1/jobs/${mine.body.id}`, other.headers.viewer)).status).toBe(404);
    expect((await product.request('POST', `/v1/jobs/${mine.body.id}/cancel`, { headers: other.headers.admin })).status).toBe(404);
    expect((await product.request('POST', `/v1/jobs/${mine.body.id}/retry`, { headers: other.headers.admin })).status).toBe(404);
  });

  it("lists the tenant's jobs newest first, by status, with cursors", async () => {
    const fresh = await tenantWithCredentials(product);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await register({ name: 'arithmetic', params: { op: 'add', a: i, b: 0 } }, fresh.headers.editor, '?wait=10')).body.id);
    const failing = (await register({ name: 'arithmetic', params: { op: 'divide', a: 1, b: 0 } }, fresh.headers.editor, '?wait=10')).body.id;
    const page1 = await product.get('/v1/jobs?limit=4', fresh.headers.viewer);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((j: any) => j.id)).toEqual([failing, ...ids.slice(2).reverse()]);
    const page2 = await product.get(`/v1/jobs?limit=4&cursor=${page1.body.nextCursor}`, fresh.headers.viewer);
    expect(page2.body.items.map((j: any) => j.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.body.nextCursor).toBeNull();
    const failedOnly = await product.get('/v1/jobs?status=failed', fresh.headers.viewer);
    expect(failedOnly.body.items.map((j: any) => j.id)).toEqual([failing]);
    expect((await product.get('/v1/jobs?status=nope', fresh.headers.viewer)).status).toBe(400);
    expect((await product.get('/v1/jobs?limit=0', fresh.headers.viewer)).status).toBe(400);
    expect((await product.get('/v1/jobs?cursor=zzz', fresh.headers.viewer)).status).toBe(400);
  });

  it('ops see every tenant’s jobs, filtered by tenant and status', async () => {
    const mine = await register({ name: 'arithmetic', params: { op: 'add', a: 40, b: 2 } }, t.headers.editor, '?wait=10');
    const theirs = await register({ name: 'arithmetic', params: { op: 'add', a: 1, b: 2 } }, other.headers.editor, '?wait=10');
    const all = await product.get('/v1/admin/jobs?limit=200', t.headers.ops);
    expect(all.status).toBe(200);
    const ids = all.body.items.map((j: any) => j.id);
    expect(ids).toEqual(expect.arrayContaining([mine.body.id, theirs.body.id]));
    expect(all.body.items.find((j: any) => j.id === mine.body.id).tenant).toBe(t.tenant.slug);
    const onlyOther = await product.get(`/v1/admin/jobs?tenant=${other.tenant.slug}&status=succeeded`, t.headers.ops);
    expect(onlyOther.body.items.every((j: any) => j.tenant === other.tenant.slug && j.status === 'succeeded')).toBe(true);
    expect((await product.get('/v1/admin/jobs', t.headers.admin)).status).toBe(403);
    expect((await product.get('/v1/jobs', t.headers.ops)).status).toBe(403);
  });

  it('a schedule registers one job per run, each its own, until deleted', async () => {
    const created = await product.request('POST', '/v1/job-schedules', {
      headers: t.headers.editor,
      body: { name: 'arithmetic', params: { op: 'add', a: 1, b: 1 }, cron: '* * * * *', timezone: 'Europe/Istanbul' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'arithmetic', cron: '* * * * *', timezone: 'Europe/Istanbul', nextRunAt: expect.any(String), createdAt: expect.any(String) });
    const runsOf = async () => (await product.get('/v1/jobs?limit=200', t.headers.viewer)).body.items.filter((j: any) => j.scheduleId === created.body.id);
    // Runs are a minute apart at the least: make the schedule due now, twice, instead of waiting.
    let runs: any[] = [];
    for (const count of [1, 2]) {
      await adminQuery('UPDATE jobs.job_schedules SET next_run_at = now() WHERE id = $1', [created.body.id], product.env.databaseUrl);
      runs = await eventually(async () => {
        const mine = await runsOf();
        return mine.length >= count ? mine : undefined;
      }, 15_000, 200);
    }
    expect(new Set(runs.map((j: any) => j.id)).size).toBe(runs.length);
    for (const run of runs) expect((await finalOf(run.id)).result).toBe(2);
    const listed = await product.get('/v1/job-schedules', t.headers.viewer);
    expect(listed.body.items.map((s: any) => s.id)).toContain(created.body.id);
    expect((await product.request('DELETE', `/v1/job-schedules/${created.body.id}`, { headers: t.headers.editor })).status).toBe(204);
    expect((await product.request('DELETE', `/v1/job-schedules/${created.body.id}`, { headers: t.headers.editor })).status).toBe(404);
    const tenantDefault = await product.request('POST', '/v1/job-schedules', { headers: t.headers.editor, body: { name: 'campaigns.report', params: {}, cron: '0 9 * * 1' } });
    expect(tenantDefault.body.timezone).toBe('Europe/Istanbul');
    await product.request('DELETE', `/v1/job-schedules/${tenantDefault.body.id}`, { headers: t.headers.editor });
    for (const body of [
      { name: 'arithmetic', params: { op: 'add', a: 1, b: 1 }, cron: 'every day' },
      { name: 'arithmetic', params: { op: 'add', a: 1, b: 1 }, cron: '* * * * *', timezone: 'Mars/Olympus' },
      { name: 'arithmetic', params: { op: 'add', a: 1 }, cron: '* * * * *' },
    ]) {
      expect((await product.request('POST', '/v1/job-schedules', { headers: t.headers.editor, body })).status).toBe(400);
    }
  });

  it('the reconciler re-enqueues queued jobs the queue lost (a Redis that lost its data)', async () => {
    const redis = testRedis();
    try {
      const res = await register({ name: 'arithmetic', params: { op: 'add', a: 20, b: 22 } , runAt: new Date(Date.now() + 1500).toISOString() });
      await eventually(async () => ((await product.get(`/v1/jobs/${res.body.id}`, t.headers.viewer)).body.status === 'queued' ? true : undefined), 10_000, 50);
      // Lose every key of the arithmetic queue, as a Redis restart without persistence would.
      await deleteKeys(redis, `${product.env.redisPrefix}:{bull:arithmetic}:arithmetic:*`);
      const job = await finalOf(res.body.id);
      expect(job).toMatchObject({ status: 'succeeded', result: 42 });
    } finally {
      redis.disconnect();
    }
  });

  it('Bull Board at /admin/queues wants HTTP Basic ops + QUEUE_DASHBOARD_PASSWORD', async () => {
    // Split mode: the dashboard is on the jobs processes, not the gateway (the gateway answers 404).
    if (MODE === 'split') {
      expect((await product.get('/admin/queues')).status).toBe(404);
      return;
    }
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect((await product.get('/admin/queues')).status).toBe(401);
    expect((await product.get('/admin/queues', basic('ops', 'wrong'))).status).toBe(401);
    expect((await product.get('/admin/queues/api/queues', basic('admin', DASHBOARD_PASSWORD))).status).toBe(401);
    const ok = await product.get('/admin/queues', basic('ops', DASHBOARD_PASSWORD));
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/<html/i);
    const api = await product.get('/admin/queues/api/queues', basic('ops', DASHBOARD_PASSWORD));
    expect(api.status).toBe(200);
    expect(JSON.stringify(api.body)).toContain('arithmetic');
  });

  it('documents every jobs route in OpenAPI', async () => {
    const doc = (await product.get('/docs-json')).body;
    for (const path of ['/v1/jobs', '/v1/jobs/definitions', '/v1/jobs/{id}', '/v1/jobs/{id}/cancel', '/v1/jobs/{id}/retry', '/v1/job-schedules', '/v1/job-schedules/{id}', '/v1/admin/jobs']) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(Object.keys(doc.paths['/v1/jobs'].post.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '409']));
  });

  it('nothing here answered 5xx', async () => {
    const res: TestResponse = await product.get('/health', {});
    expect(res.status).toBe(200);
  });
});
