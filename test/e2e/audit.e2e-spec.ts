import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, opsToken, tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { eventually } from '../harness/http.js';
import { Product } from '../harness/product.js';

/** The audit trail: every write through the API, who, which tenant, what, when, with what outcome. */
describe('audit trail', () => {
  let product: Product;
  let a: TenantCredentials;
  let b: TenantCredentials;

  beforeAll(async () => {
    product = await Product.start({ AUDIT_REFUSAL_WINDOW_MS: '200' });
    a = await tenantWithCredentials(product);
    b = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  const auditOf = async (headers: Record<string, string>, path = '/v1/audit') => {
    const res = await product.request('GET', path, { headers });
    expect(res.status).toBe(200);
    return res.body.items as Array<Record<string, unknown>>;
  };

  it('records writes, refused ones included, newest first, for the tenant admin only', async () => {
    const keys = `/v1/admin/tenants/${a.tenant.slug}/api-keys`;
    const created = await product.request('POST', keys, { headers: { ...a.headers.admin, 'x-request-id': 'audit-create-1' }, body: { name: 'kiosk' } });
    expect(created.status).toBe(201);
    const refused = await product.request('POST', keys, { headers: { ...a.headers.viewer, 'x-request-id': 'audit-refused-1' }, body: { name: 'x' } });
    expect(refused.status).toBe(403);
    const unsupported = await product.request('POST', keys, { headers: { ...a.headers.admin, 'x-request-id': 'audit-415-1', 'content-type': 'text/plain' }, body: 'hello' });
    expect(unsupported.status).toBe(415);
    const revoked = await product.request('DELETE', `${keys}/${created.body.id}`, { headers: { ...a.headers.admin, 'x-request-id': 'audit-revoke-1' } });
    expect(revoked.status).toBe(204);

    const entries = await eventually(async () => {
      const items = await auditOf(a.headers.admin);
      return ['audit-revoke-1', 'audit-refused-1', 'audit-415-1'].every((id) => items.some((e) => e.requestId === id)) ? items : undefined;
    });
    const byRequest = (id: string) => entries.find((e) => e.requestId === id);
    expect(byRequest('audit-create-1')).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      tenant: a.tenant.slug,
      actor: `staff:admin@${a.tenant.slug}`,
      action: 'POST /v1/admin/tenants/:slug/api-keys',
      resourceType: 'api-key',
      resourceId: created.body.id,
      requestId: 'audit-create-1',
      status: 201,
      count: 1,
    });
    expect(byRequest('audit-refused-1')).toMatchObject({ actor: `staff:viewer@${a.tenant.slug}`, status: 403, tenant: a.tenant.slug });
    expect(byRequest('audit-415-1')).toMatchObject({ actor: `staff:admin@${a.tenant.slug}`, status: 415 });
    expect(byRequest('audit-revoke-1')).toMatchObject({ action: 'DELETE /v1/admin/tenants/:slug/api-keys/:id', resourceId: created.body.id, status: 204 });
    const times = entries.map((e) => Date.parse(e.at as string));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    // The other tenant's admin sees none of it; operators see it under that tenant.
    expect((await auditOf(b.headers.admin)).some((e) => e.tenant === a.tenant.slug)).toBe(false);
    const ops = bearer(await opsToken());
    const opsView = await auditOf(ops, `/v1/admin/audit?tenant=${a.tenant.slug}`);
    expect(opsView.some((e) => e.requestId === 'audit-create-1')).toBe(true);
    expect(opsView.every((e) => e.tenant === a.tenant.slug)).toBe(true);
  });

  it('records operators\' writes under the tenant they acted on', async () => {
    const ops = bearer(await opsToken());
    const res = await product.request('POST', `/v1/admin/tenants/${b.tenant.slug}/api-keys`, { headers: { ...ops, 'x-request-id': 'audit-ops-1' }, body: { name: 'by ops' } });
    expect(res.status).toBe(201);
    const entry = await eventually(async () => (await auditOf(b.headers.admin)).find((e) => e.requestId === 'audit-ops-1'));
    expect(entry).toMatchObject({ tenant: b.tenant.slug, actor: 'ops:ops@platform', status: 201 });
  });

  it('counts a flood of refused writes into a few entries instead of one row each', async () => {
    const keys = `/v1/admin/tenants/${a.tenant.slug}/api-keys`;
    const refused = await Promise.all(
      Array.from({ length: 30 }, (_, i) => product.request('POST', keys, { headers: { ...a.headers.editor, 'x-request-id': `flood-${i}` }, body: { name: 'x' } })),
    );
    expect(refused.map((r) => r.status)).toEqual(Array(30).fill(403));
    const entries = await eventually(async () => {
      const items = (await auditOf(a.headers.admin)).filter((e) => e.actor === `staff:editor@${a.tenant.slug}` && e.status === 403);
      return items.reduce((sum, e) => sum + (e.count as number), 0) === 30 ? items : undefined;
    });
    expect(entries.length).toBeLessThanOrEqual(10);
    expect(entries[0]).toMatchObject({ action: 'POST /v1/admin/tenants/:slug/api-keys', tenant: a.tenant.slug, requestId: expect.stringMatching(/^flood-/) });
  });

  it('pages with limit and cursor; bad ones answer 400', async () => {
    const first = await product.request('GET', '/v1/audit?limit=2', { headers: a.headers.admin });
    expect(first.body.items).toHaveLength(2);
    const second = await product.request('GET', `/v1/audit?limit=2&cursor=${first.body.nextCursor}`, { headers: a.headers.admin });
    expect(second.status).toBe(200);
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of ['limit=0', 'limit=500', 'limit=1.5', 'cursor=abc', 'cursor=%00']) {
      const res = await product.request('GET', `/v1/audit?${q}`, { headers: a.headers.admin });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const badTenant = await product.request('GET', '/v1/admin/audit?tenant=NOT_A_SLUG', { headers: bearer(await opsToken()) });
    expect(badTenant.status).toBe(400);
  });
});
