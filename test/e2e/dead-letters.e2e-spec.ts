import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, opsToken, tenantWithCredentials, type TenantCredentials } from '../harness/auth.js';
import { expectProblem, sql } from '../harness/campaigns.js';
import { insertDeadLetter } from '../harness/dead-letters.js';
import { Product } from '../harness/product.js';

/**
 * `/v1/admin/dead-letters`: operators see the dead letters of every consuming service (kept
 * beside each service's data), retry them through the consumer's handlers, and discard them.
 * The dead letters are written here as a consumer would write them; how consumers get there is
 * proven in test/integration/outbox.spec.ts.
 */
describe('dead letters (/v1/admin/dead-letters)', () => {
  let product: Product;
  let ops: Record<string, string>;
  let tenant: TenantCredentials;

  const deadLetter = (schema: 'identity' | 'jobs', lastFailedAt: string) => insertDeadLetter(product, { schema, tenant: tenant.tenant.slug, lastFailedAt });

  beforeAll(async () => {
    product = await Product.start();
    ops = bearer(await opsToken());
    tenant = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('lists every service\'s dead letters, newest first, page by page', async () => {
    expect((await product.get('/v1/admin/dead-letters', ops)).body).toEqual({ items: [], nextCursor: null });
    const oldest = await deadLetter('jobs', '2030-01-01T00:00:00.000Z');
    const middle = await deadLetter('identity', '2030-01-02T00:00:00.000Z');
    const newest = await deadLetter('jobs', '2030-01-03T00:00:00.000Z');
    const first = await product.get('/v1/admin/dead-letters?limit=2', ops);
    expect(first.status).toBe(200);
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([newest, middle]);
    expect(first.body.items[0]).toMatchObject({ consumer: 'jobs', source: 'marketing', messageType: 'campaign.updated', attempts: 5, error: { code: 'INTERNAL' }, lastFailedAt: '2030-01-03T00:00:00.000Z' });
    const second = await product.get(`/v1/admin/dead-letters?limit=2&cursor=${first.body.nextCursor}`, ops);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: oldest })], nextCursor: null });
    for (const id of [oldest, middle, newest]) expect((await product.request('DELETE', `/v1/admin/dead-letters/${id}`, { headers: ops })).status).toBe(204);
  });

  it('retries a dead letter through its consumer: handled, recorded in the inbox, and gone', async () => {
    const id = await deadLetter('identity', '2030-02-01T00:00:00.000Z');
    const [{ message_id: messageId }] = await sql(product, 'SELECT message_id FROM identity.dead_letters WHERE id = $1', [id]);
    const res = await product.request('POST', `/v1/admin/dead-letters/${id}/retry`, { headers: ops });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ handled: true, deadLetter: null });
    expect(await sql(product, 'SELECT 1 FROM identity.dead_letters WHERE id = $1', [id])).toHaveLength(0);
    expect(await sql(product, 'SELECT 1 FROM identity.inbox WHERE consumer = $1 AND event_id = $2', ['identity', messageId])).toHaveLength(1);
  });

  it('discards: 204, then 404', async () => {
    const id = await deadLetter('jobs', '2030-03-01T00:00:00.000Z');
    expect((await product.request('DELETE', `/v1/admin/dead-letters/${id}`, { headers: ops })).status).toBe(204);
    expectProblem(await product.request('DELETE', `/v1/admin/dead-letters/${id}`, { headers: ops }), 404, 'NOT_FOUND');
    expectProblem(await product.request('POST', `/v1/admin/dead-letters/${id}/retry`, { headers: ops }), 404, 'NOT_FOUND');
  });

  it('is for operators only, and checks ids and cursors', async () => {
    expectProblem(await product.get('/v1/admin/dead-letters'), 401, 'UNAUTHENTICATED');
    expectProblem(await product.get('/v1/admin/dead-letters', tenant.headers.admin), 403, 'FORBIDDEN');
    expectProblem(await product.get('/v1/admin/dead-letters', tenant.headers.apiKey), 403, 'FORBIDDEN');
    expectProblem(await product.request('DELETE', '/v1/admin/dead-letters/not-a-uuid', { headers: ops }), 400, 'VALIDATION_FAILED', 'id');
    expectProblem(await product.get('/v1/admin/dead-letters?cursor=nope!', ops), 400, 'VALIDATION_FAILED', 'cursor');
    expectProblem(await product.get('/v1/admin/dead-letters?limit=0', ops), 400, 'VALIDATION_FAILED', 'limit');
  });
});
