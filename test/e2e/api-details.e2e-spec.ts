import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { expectProblem } from '../harness/campaigns.js';
import { MODE, Product } from '../harness/product.js';

/** Small things a client developer hit, each as the API now answers it. */
describe(`API details (${MODE})`, () => {
  let product: Product;
  let t: TenantCredentials;

  beforeAll(async () => {
    product = await Product.start({ RATE_LIMIT: 'off' });
    t = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('a job definition without parameters may be registered without params ({} is the default)', async () => {
    const res = await product.request('POST', '/v1/jobs?wait=10', { headers: t.headers.editor, body: { name: 'campaigns.report' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'campaigns.report', params: {}, status: 'succeeded' });
    // A definition that needs parameters still names each one missing.
    expectProblem(await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'arithmetic' } }), 400, 'VALIDATION_FAILED', 'params.op');
  });

  it('a missing required field is one error: "is required"', async () => {
    const res = await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { params: {} } });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'name', message: 'is required' }]);
    const campaign = await product.request('POST', '/v1/campaign-events', { headers: t.headers.editor, body: { startDate: '2030-01-01T00:00:00Z', endDate: '2030-01-02T00:00:00Z' } });
    expect(campaign.body.errors).toEqual([{ field: 'name', message: 'is required' }]);
  });

  it('GET /v1/jobs?name= lists the jobs of one definition', async () => {
    await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'arithmetic', params: { op: 'add', a: 1, b: 2 } } });
    await product.request('POST', '/v1/jobs', { headers: t.headers.editor, body: { name: 'sleep', params: { ms: 0 } } });
    const sleeps = await product.request('GET', '/v1/jobs?name=sleep', { headers: t.headers.viewer });
    expect(sleeps.status).toBe(200);
    expect(sleeps.body.items.length).toBeGreaterThanOrEqual(1);
    expect(sleeps.body.items.every((job: { name: string }) => job.name === 'sleep')).toBe(true);
    expect((await product.request('GET', '/v1/jobs?name=nothing-like-it', { headers: t.headers.viewer })).body.items).toEqual([]);
    expectProblem(await product.request('GET', '/v1/jobs?name=NOT%20A%20NAME', { headers: t.headers.viewer }), 400, 'VALIDATION_FAILED', 'name');
  });
});
