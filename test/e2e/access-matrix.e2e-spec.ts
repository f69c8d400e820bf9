import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey, expiredToken, bearer, tenantWithCredentials, TenantCredentials, uniqueSlug, wrongSignatureToken } from '../harness/auth.js';
import { eventually, TestResponse } from '../harness/http.js';
import { Product } from '../harness/product.js';

/**
 * Who gets what, for every endpoint: each principal kind against each route, with the status
 * the contract names. Table-driven: to cover a new endpoint, add a row to ROWS.
 */
type Who = 'none' | 'badToken' | 'expiredToken' | 'apiKey' | 'viewer' | 'editor' | 'admin' | 'ops' | 'otherAdmin';
const WHO: Who[] = ['none', 'badToken', 'expiredToken', 'apiKey', 'viewer', 'editor', 'admin', 'ops', 'otherAdmin'];

interface World {
  a: TenantCredentials;
  b: TenantCredentials;
  /** A key of tenant a that rows may revoke. */
  victimKeyId: string;
  /** Tenant a's jobs: one waiting (delayed an hour), one failed; and a schedule. */
  jobId: string;
  failedJobId: string;
  scheduleId: string;
  /** Tenant a's webhook, and one of its deliveries, dead (its receiver answered 404). */
  webhookId: string;
  deliveryId: string;
}

interface Row {
  name: string;
  method: string;
  path: (w: World) => string;
  body?: (w: World) => unknown;
  expect: Record<Who, number>;
}

const UNAUTHENTICATED = { none: 401, badToken: 401, expiredToken: 401 } as const;

export const ROWS: Row[] = [
  {
    name: 'GET /v1/me',
    method: 'GET',
    path: () => '/v1/me',
    expect: { ...UNAUTHENTICATED, apiKey: 200, viewer: 200, editor: 200, admin: 200, ops: 200, otherAdmin: 200 },
  },
  {
    name: 'POST /v1/admin/tenants',
    method: 'POST',
    path: () => '/v1/admin/tenants',
    body: () => ({ slug: uniqueSlug('m'), name: 'Matrix mall', timezone: 'Europe/Istanbul' }),
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 403, ops: 201, otherAdmin: 403 },
  },
  {
    name: 'GET /v1/admin/tenants',
    method: 'GET',
    path: () => '/v1/admin/tenants',
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 403, ops: 200, otherAdmin: 403 },
  },
  {
    name: 'POST /v1/admin/tenants/{slug}/api-keys',
    method: 'POST',
    path: (w) => `/v1/admin/tenants/${w.a.tenant.slug}/api-keys`,
    body: () => ({ name: 'matrix' }),
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 201, ops: 201, otherAdmin: 404 },
  },
  {
    name: 'GET /v1/admin/tenants/{slug}/api-keys',
    method: 'GET',
    path: (w) => `/v1/admin/tenants/${w.a.tenant.slug}/api-keys`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 200, ops: 200, otherAdmin: 404 },
  },
  {
    name: 'DELETE /v1/admin/tenants/{slug}/api-keys/{id}',
    method: 'DELETE',
    path: (w) => `/v1/admin/tenants/${w.a.tenant.slug}/api-keys/${w.victimKeyId}`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 204, ops: 204, otherAdmin: 404 },
  },
  {
    name: 'GET /v1/audit',
    method: 'GET',
    path: () => '/v1/audit',
    // otherAdmin reads their own tenant's trail: the route names no tenant.
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 200, ops: 403, otherAdmin: 200 },
  },
  {
    name: 'GET /v1/admin/audit',
    method: 'GET',
    path: () => '/v1/admin/audit',
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 403, ops: 200, otherAdmin: 403 },
  },
  {
    name: 'GET /v1/jobs/definitions',
    method: 'GET',
    path: () => '/v1/jobs/definitions',
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 200, editor: 200, admin: 200, ops: 403, otherAdmin: 200 },
  },
  {
    name: 'POST /v1/jobs',
    method: 'POST',
    path: () => '/v1/jobs',
    body: () => ({ name: 'arithmetic', params: { op: 'add', a: 1, b: 2 } }),
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 202, admin: 202, ops: 403, otherAdmin: 202 },
  },
  {
    name: 'GET /v1/jobs',
    method: 'GET',
    path: () => '/v1/jobs',
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 200, editor: 200, admin: 200, ops: 403, otherAdmin: 200 },
  },
  {
    name: 'GET /v1/jobs/{id}',
    method: 'GET',
    path: (w) => `/v1/jobs/${w.jobId}`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 200, editor: 200, admin: 200, ops: 403, otherAdmin: 404 },
  },
  {
    // The admin's call cancels it; nobody after the admin gets further than 403/404.
    name: 'POST /v1/jobs/{id}/cancel',
    method: 'POST',
    path: (w) => `/v1/jobs/${w.jobId}/cancel`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 202, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'POST /v1/jobs/{id}/retry',
    method: 'POST',
    path: (w) => `/v1/jobs/${w.failedJobId}/retry`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 202, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'POST /v1/job-schedules',
    method: 'POST',
    path: () => '/v1/job-schedules',
    body: () => ({ name: 'campaigns.report', params: {}, cron: '0 9 * * 1' }),
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 201, admin: 201, ops: 403, otherAdmin: 201 },
  },
  {
    name: 'GET /v1/job-schedules',
    method: 'GET',
    path: () => '/v1/job-schedules',
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 200, editor: 200, admin: 200, ops: 403, otherAdmin: 200 },
  },
  {
    name: 'GET /v1/job-schedules/{id}',
    method: 'GET',
    path: (w) => `/v1/job-schedules/${w.scheduleId}`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 200, editor: 200, admin: 200, ops: 403, otherAdmin: 404 },
  },
  {
    // The editor's call deletes it: the admin after finds nothing.
    name: 'DELETE /v1/job-schedules/{id}',
    method: 'DELETE',
    path: (w) => `/v1/job-schedules/${w.scheduleId}`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 204, admin: 404, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'POST /v1/webhooks',
    method: 'POST',
    path: () => '/v1/webhooks',
    body: () => ({ url: 'https://hooks.example.com/matrix', eventTypes: ['event.created'], enabled: false }),
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 201, ops: 403, otherAdmin: 201 },
  },
  {
    name: 'GET /v1/webhooks',
    method: 'GET',
    path: () => '/v1/webhooks',
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 200, ops: 403, otherAdmin: 200 },
  },
  {
    name: 'GET /v1/webhooks/{id}',
    method: 'GET',
    path: (w) => `/v1/webhooks/${w.webhookId}`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 200, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'PATCH /v1/webhooks/{id}',
    method: 'PATCH',
    path: (w) => `/v1/webhooks/${w.webhookId}`,
    body: () => ({ description: 'matrix' }),
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 200, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'POST /v1/webhooks/{id}/rotate-secret',
    method: 'POST',
    path: (w) => `/v1/webhooks/${w.webhookId}/rotate-secret`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 200, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'GET /v1/webhooks/{id}/deliveries',
    method: 'GET',
    path: (w) => `/v1/webhooks/${w.webhookId}/deliveries`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 200, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'POST /v1/webhooks/{id}/deliveries/{deliveryId}/replay',
    method: 'POST',
    path: (w) => `/v1/webhooks/${w.webhookId}/deliveries/${w.deliveryId}/replay`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 202, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'DELETE /v1/webhooks/{id}',
    method: 'DELETE',
    path: (w) => `/v1/webhooks/${w.webhookId}`,
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 204, ops: 403, otherAdmin: 404 },
  },
  {
    name: 'GET /v1/admin/jobs',
    method: 'GET',
    path: () => '/v1/admin/jobs',
    expect: { ...UNAUTHENTICATED, apiKey: 403, viewer: 403, editor: 403, admin: 403, ops: 200, otherAdmin: 403 },
  },
];

describe('access matrix', () => {
  let product: Product;
  let world: World;
  let headers: Record<Who, Record<string, string>>;

  beforeAll(async () => {
    // Every row is called by every principal: more than the default per-address limit of unauthenticated calls.
    product = await Product.start({ RATE_LIMIT_ANONYMOUS_BURST: '10000', RATE_LIMIT_ANONYMOUS_PER_S: '1000' });
    const a = await tenantWithCredentials(product);
    const b = await tenantWithCredentials(product);
    const job = (body: unknown, query = '') => product.request('POST', `/v1/jobs${query}`, { headers: a.headers.editor, body });
    const waiting = await job({ name: 'sleep', params: { ms: 1 }, runAt: new Date(Date.now() + 3_600_000).toISOString() });
    const failed = await job({ name: 'arithmetic', params: { op: 'divide', a: 1, b: 0 } }, '?wait=15');
    const schedule = await product.request('POST', '/v1/job-schedules', { headers: a.headers.editor, body: { name: 'sleep', params: { ms: 1 }, cron: '0 9 * * 1' } });
    // A webhook whose receiver (the product itself, on a path it does not serve) answers 404: its delivery is dead at once.
    const webhook = await product.request('POST', '/v1/webhooks', { headers: a.headers.admin, body: { url: `${product.url}/matrix-receiver`, eventTypes: ['campaign.created'] } });
    const now = Date.now();
    await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: { name: 'Matrix', startDate: new Date(now + 86_400_000).toISOString(), endDate: new Date(now + 2 * 86_400_000).toISOString() } });
    const dead = await eventually(async () => {
      const log = await product.get(`/v1/webhooks/${webhook.body.id}/deliveries?status=dead`, a.headers.admin);
      return log.body.items[0];
    }, 20_000);
    world = {
      a,
      b,
      victimKeyId: (await createApiKey(product, a.tenant.slug, 'victim')).id,
      jobId: waiting.body.id,
      failedJobId: failed.body.id,
      scheduleId: schedule.body.id,
      webhookId: webhook.body.id,
      deliveryId: dead.id,
    };
    headers = {
      none: {},
      badToken: bearer(await wrongSignatureToken(a.tenant.slug)),
      expiredToken: bearer(await expiredToken(a.tenant.slug)),
      apiKey: a.headers.apiKey,
      viewer: a.headers.viewer,
      editor: a.headers.editor,
      admin: a.headers.admin,
      ops: a.headers.ops,
      otherAdmin: b.headers.admin,
    };
  });

  afterAll(async () => {
    await product?.stop();
  });

  const cases = ROWS.flatMap((row) => WHO.map((who) => [row.name, who, row.expect[who], row] as const));

  it.each(cases)('%s as %s: %i', async (_name, who, status, row) => {
    const res: TestResponse = await product.request(row.method, row.path(world), { headers: headers[who], body: row.body?.(world) });
    expect({ who, status: res.status, code: res.body?.code }).toMatchObject({ who, status });
    if (status >= 400) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code: expect.stringMatching(/^[A-Z_]+$/), requestId: expect.any(String), instance: expect.any(String) });
    }
  });

  it('other malformed credentials are 401 too', async () => {
    const slug = world.a.tenant.slug;
    const variants: Array<Record<string, string>> = [
      { authorization: 'Bearer' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer not.a.jwt' },
      { authorization: `Bearer ${'a'.repeat(10_000)}` },
      { 'x-api-key': 'cpk_unknownunknownunknownunknownunknown00' },
      { 'x-api-key': 'nope' },
      { 'x-api-key': world.a.apiKey.key, authorization: world.a.headers.admin.authorization! },
    ];
    for (const h of variants) {
      const res = await product.request('GET', `/v1/admin/tenants/${slug}/api-keys`, { headers: h });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });
});
