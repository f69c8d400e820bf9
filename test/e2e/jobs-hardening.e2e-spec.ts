import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { eventually } from '../harness/http.js';
import { MODE, Product } from '../harness/product.js';
import { DASHBOARD_ENV, itChecksTheQueueDashboard } from '../harness/queue-dashboard.js';
import { adminQuery, testRedis } from '../harness/test-env.js';

const MAX_SCHEDULES = 3;

/**
 * The jobs area against what an outsider tried: the queue dashboard's guard (every spelling of
 * its paths, throttled guessing), its page's policy, cancelled jobs in the queue, schedules that
 * a client's Idempotency-Key or a broken schedule could stop, cron limits, the per-tenant cap on
 * schedules, reading one schedule, and explicit nulls.
 */
describe(`jobs hardening (${MODE})`, () => {
  let product: Product;

  beforeAll(async () => {
    product = await Product.start({ ...DASHBOARD_ENV, RATE_LIMIT: 'off', JOBS_SCHEDULE_TICK_MS: '200', JOBS_MAX_SCHEDULES_PER_TENANT: String(MAX_SCHEDULES) });
  });

  afterAll(async () => {
    await product?.stop();
  });

  const sql = (text: string, params: unknown[]) => adminQuery(text, params, product.env.databaseUrl);
  const createSchedule = (creds: TenantCredentials, body: Record<string, unknown>) => product.request('POST', '/v1/job-schedules', { headers: creds.headers.editor, body });
  const runsOf = async (creds: TenantCredentials, scheduleId: string): Promise<any[]> =>
    (await product.get('/v1/jobs?limit=200', creds.headers.viewer)).body.items.filter((job: { scheduleId: string }) => job.scheduleId === scheduleId);
  /** Makes a schedule due at `instant`, as if its cron had said so (instead of waiting for a minute). */
  const makeDue = (id: string, instant: Date) => sql('UPDATE jobs.job_schedules SET next_run_at = $2 WHERE id = $1', [id, instant]);

  describe('queue dashboard', () => {
    if (MODE === 'split') {
      // Each jobs process serves it on its own port: test/process/queue-dashboard.spec.ts.
      it('is not on the gateway', async () => {
        expect((await product.get('/admin/queues')).status).toBe(404);
        expect((await product.get('/admin/%71ueues/api/queues')).status).toBe(404);
      });
    } else {
      itChecksTheQueueDashboard(() => product.url);
    }
  });

  it('a cancelled job leaves the queue instead of staying there as failed, running or waiting alike', async () => {
    const t = await tenantWithCredentials(product);
    const redis = testRedis();
    const inQueue = (id: string) => redis.exists(`${product.env.redisPrefix}:{bull:sleep}:sleep:${id}`);
    try {
      const running = (await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'sleep', params: { ms: 60_000 } } })).body;
      const waiting = (await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'sleep', params: { ms: 1 }, runAt: new Date(Date.now() + 3_600_000).toISOString() } })).body;
      await eventually(async () => ((await product.get(`/v1/jobs/${running.id}`, t.headers.viewer)).body.status === 'running' ? true : undefined), 15_000, 50);
      await eventually(async () => ((await inQueue(waiting.id)) === 1 ? true : undefined), 15_000, 50);
      for (const job of [running, waiting]) {
        expect((await product.request('POST', `/v1/jobs/${job.id}/cancel`, { headers: t.headers.admin })).status).toBe(202);
      }
      await eventually(async () => ((await inQueue(running.id)) + (await inQueue(waiting.id)) === 0 ? true : undefined), 10_000, 100);
      expect(await redis.zscore(`${product.env.redisPrefix}:{bull:sleep}:sleep:failed`, running.id)).toBeNull();
      for (const job of [running, waiting]) expect((await product.get(`/v1/jobs/${job.id}`, t.headers.viewer)).body.status).toBe('cancelled');
    } finally {
      redis.disconnect();
    }
  });

  it("a failed job keeps its reason in the queue, not our code's stack (what the dashboard shows as its error)", async () => {
    const t = await tenantWithCredentials(product);
    const failed = (await product.request('POST', '/v1/jobs?wait=10', { headers: t.headers.editor, body: { name: 'arithmetic', params: { op: 'divide', a: 4, b: 0 } } })).body;
    expect(failed.status).toBe('failed');
    const redis = testRedis();
    try {
      const [reason, stack] = await redis.hmget(`${product.env.redisPrefix}:{bull:arithmetic}:arithmetic:${failed.id}`, 'failedReason', 'stacktrace');
      expect(reason).toMatch(/^DIVISION_BY_ZERO: /);
      expect(JSON.parse(stack ?? 'null')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('cron takes 5 fields only: a seconds field or a nickname is a 400 on cron', async () => {
    const t = await tenantWithCredentials(product);
    for (const cron of ['* * * * * *', '*/10 * * * * *', '0 0 9 * * 1', '@secondly', '@minutely', '@hourly', '@daily', '@every 1s', '* * * * * * *', '* * * *', '', '   ']) {
      const res = await createSchedule(t, { name: 'arithmetic', params: { op: 'add', a: 1, b: 1 }, cron });
      expect({ cron, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ cron, status: 400, fields: ['cron'] });
    }
    const ok = await createSchedule(t, { name: 'arithmetic', params: { op: 'add', a: 1, b: 1 }, cron: ' 0 9 * * 1 ' });
    expect(ok.status).toBe(201);
    expect(ok.body.cron).toBe('0 9 * * 1');
  });

  it("GET /v1/job-schedules/{id} (Location of the create) answers the schedule; 400 malformed, 404 unknown or another tenant's", async () => {
    const t = await tenantWithCredentials(product);
    const other = await tenantWithCredentials(product);
    const created = await createSchedule(t, { name: 'campaigns.report', params: {}, cron: '0 9 * * 1', timezone: 'Europe/Berlin' });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toBe(`/v1/job-schedules/${created.body.id}`);
    const read = await product.get(location, t.headers.viewer);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect((await product.get(location.toUpperCase().replace('/V1/JOB-SCHEDULES/', '/v1/job-schedules/'), t.headers.viewer)).status).toBe(200);
    expect((await product.get('/v1/job-schedules/not-a-uuid', t.headers.viewer)).status).toBe(400);
    expect((await product.get('/v1/job-schedules/00000000-0000-7000-8000-000000000000', t.headers.viewer)).status).toBe(404);
    expect((await product.get(location, other.headers.admin)).status).toBe(404);
    expect(Object.keys((await product.get('/docs-json')).body.paths['/v1/job-schedules/{id}'])).toEqual(expect.arrayContaining(['get', 'delete']));
  });

  it('an explicit null on an optional field that is not nullable is a 400 naming it', async () => {
    const t = await tenantWithCredentials(product);
    const schedule = await createSchedule(t, { name: 'campaigns.report', params: {}, cron: '0 9 * * 1', timezone: null });
    const fields = (res: { body: { errors: Array<{ field: string }> } }) => [...new Set(res.body.errors.map((e) => e.field))];
    expect(schedule.status).toBe(400);
    expect(fields(schedule)).toEqual(['timezone']);
    const job = await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'sleep', params: { ms: 1 }, runAt: null } });
    expect(job.status).toBe(400);
    expect(fields(job)).toEqual(['runAt']);
  });

  it(`a tenant has at most JOBS_MAX_SCHEDULES_PER_TENANT (${MAX_SCHEDULES}) schedules, concurrent creates included`, async () => {
    const t = await tenantWithCredentials(product);
    const other = await tenantWithCredentials(product);
    const body = { name: 'campaigns.report', params: {}, cron: '0 9 * * 1' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => createSchedule(t, body)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'SCHEDULE_LIMIT_REACHED', limit: MAX_SCHEDULES, detail: expect.stringContaining(String(MAX_SCHEDULES)) });
    expect((await product.get('/v1/job-schedules', t.headers.viewer)).body.items).toHaveLength(MAX_SCHEDULES);
    expect((await createSchedule(other, body)).status).toBe(201);
    const first = answers.find((r) => r.status === 201)!;
    expect((await product.request('DELETE', `/v1/job-schedules/${first.body.id}`, { headers: t.headers.editor })).status).toBe(204);
    expect((await createSchedule(t, body)).status).toBe(201);
  });

  it("a client job under a schedule run's former key stops neither that schedule nor another tenant's", async () => {
    const t = await tenantWithCredentials(product);
    const other = await tenantWithCredentials(product);
    const mine = (await createSchedule(t, { name: 'arithmetic', params: { op: 'add', a: 1, b: 1 }, cron: '* * * * *' })).body;
    const theirs = (await createSchedule(other, { name: 'arithmetic', params: { op: 'add', a: 2, b: 2 }, cron: '* * * * *' })).body;
    const instant = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
    const squatter = await product.request('POST', '/v1/jobs', {
      headers: { ...t.headers.editor, 'idempotency-key': `schedule:${mine.id}:${instant.toISOString()}` },
      body: { name: 'arithmetic', params: { op: 'add', a: 40, b: 2 } },
    });
    expect(squatter.status).toBe(202);
    await makeDue(mine.id, instant);
    await makeDue(theirs.id, instant);
    const [myRun, theirRun] = await Promise.all(
      [
        [t, mine.id],
        [other, theirs.id],
      ].map(([creds, id]) => eventually(async () => (await runsOf(creds as TenantCredentials, id as string)).find((job) => job.status === 'succeeded'), 15_000, 100)),
    );
    expect(myRun).toMatchObject({ result: 2, scheduleId: mine.id });
    expect(theirRun).toMatchObject({ result: 4, scheduleId: theirs.id });
    expect((await product.get(`/v1/jobs/${squatter.body.id}?wait=10`, t.headers.viewer)).body).toMatchObject({ status: 'succeeded', result: 42, scheduleId: null });
    for (const [creds, id] of [[t, mine.id], [other, theirs.id]] as const) {
      expect(Date.parse((await product.get(`/v1/job-schedules/${id}`, creds.headers.viewer)).body.nextRunAt)).toBeGreaterThan(instant.getTime());
      expect(await runsOf(creds, id)).toHaveLength(1);
    }
  });

  it('a schedule whose params no longer fit its definition skips its run; the others run', async () => {
    const t = await tenantWithCredentials(product);
    const other = await tenantWithCredentials(product);
    const broken = (await createSchedule(t, { name: 'arithmetic', params: { op: 'add', a: 1, b: 1 }, cron: '* * * * *' })).body;
    const fine = (await createSchedule(other, { name: 'arithmetic', params: { op: 'add', a: 3, b: 3 }, cron: '* * * * *' })).body;
    // As if the definition had changed under a stored schedule.
    await sql(`UPDATE jobs.job_schedules SET params = '{"op": "power", "a": 1, "b": 2}' WHERE id = $1`, [broken.id]);
    const instant = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    await makeDue(broken.id, instant);
    await makeDue(fine.id, instant);
    const run = await eventually(async () => (await runsOf(other, fine.id)).find((job) => job.status === 'succeeded'), 15_000, 100);
    expect(run.result).toBe(6);
    // It moved on to its next run without registering this one.
    await eventually(async () => {
      const { rows } = await sql('SELECT next_run_at > now() AS moved FROM jobs.job_schedules WHERE id = $1', [broken.id]);
      return rows[0].moved ? true : undefined;
    }, 15_000, 100);
    expect(await runsOf(t, broken.id)).toEqual([]);
  });
});
