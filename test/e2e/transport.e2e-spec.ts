import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, type TenantCredentials } from '../harness/auth.js';
import { inDays, sql } from '../harness/campaigns.js';
import { MODE, Product } from '../harness/product.js';

/**
 * Requests through the gateway to the services, under concurrency: in split mode each request
 * goes over Redis to one of two campaigns replicas, and none is lost or handled twice.
 */
describe(`requests through the gateway (${MODE})`, () => {
  let product: Product;
  let tenant: TenantCredentials;

  beforeAll(async () => {
    product = await Product.start();
    tenant = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('100 concurrent creates make exactly 100 campaigns', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `Concurrent ${i}`);
    const responses = await Promise.all(
      names.map((name) => product.request('POST', '/v1/campaign-events', { headers: tenant.headers.editor, body: { name, startDate: inDays(1), endDate: inDays(2) } })),
    );
    expect(responses.map((r) => r.status)).toEqual(names.map(() => 201));
    const rows = await sql<{ name: string }>(product, 'SELECT name FROM marketing.campaigns WHERE tenant = $1', [tenant.tenant.slug]);
    expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(100);
  });

  it('a create retried with the same request id makes one campaign and answers the first one again', async () => {
    const headers = { ...tenant.headers.editor, 'x-request-id': `retry-${Date.now()}` };
    const body = { name: 'Retried create', startDate: inDays(3), endDate: inDays(4) };
    const attempts = await Promise.all([0, 1, 2].map(() => product.request('POST', '/v1/campaign-events', { headers, body })));
    const again = await product.request('POST', '/v1/campaign-events', { headers, body });
    expect([...attempts, again].map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set([...attempts, again].map((r) => r.body.id)).size).toBe(1);
    const rows = await sql(product, 'SELECT id FROM marketing.campaigns WHERE tenant = $1 AND name = $2', [tenant.tenant.slug, 'Retried create']);
    expect(rows).toHaveLength(1);
  });
});
