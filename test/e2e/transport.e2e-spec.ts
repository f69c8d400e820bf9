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
});
