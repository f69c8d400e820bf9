import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyHeader, bearer, createApiKey, createTenant, opsToken, staffToken, tenantWithCredentials, TenantCredentials, uniqueSlug } from '../harness/auth.js';
import { eventually } from '../harness/http.js';
import { Product } from '../harness/product.js';

/** Tenants and API keys: the operators' and tenant admins' API, and what keys can do. */
describe('tenants and API keys', () => {
  let product: Product;
  let a: TenantCredentials;
  let b: TenantCredentials;

  beforeAll(async () => {
    product = await Product.start();
    a = await tenantWithCredentials(product);
    b = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('creates a tenant and answers 409 for a slug taken', async () => {
    const slug = uniqueSlug('mall');
    const created = await createTenant(product, slug, 'Europe/Berlin');
    expect(created).toEqual({ slug, name: `Center ${slug}`, timezone: 'Europe/Berlin', createdAt: expect.any(String) });
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    const again = await product.request('POST', '/v1/admin/tenants', { headers: bearer(await opsToken()), body: { slug, name: 'x', timezone: 'UTC' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TENANT_EXISTS');
  });

  it('validates a new tenant: slug, time zone, unknown fields', async () => {
    const ops = bearer(await opsToken());
    const cases = [
      { slug: 'A', name: 'x', timezone: 'UTC' },
      { slug: 'ok-slug', name: 'x', timezone: 'Mars/Olympus' },
      { slug: 'ok-slug', name: '', timezone: 'UTC' },
      { slug: 'ok-slug', name: 'x', timezone: 'UTC', extra: true },
      { name: 'x', timezone: 'UTC' },
    ];
    for (const body of cases) {
      const res = await product.request('POST', '/v1/admin/tenants', { headers: ops, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
  });

  it('lists tenants by slug with cursor pagination', async () => {
    const ops = bearer(await opsToken());
    const first = await product.request('GET', '/v1/admin/tenants?limit=1', { headers: ops });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await product.request('GET', `/v1/admin/tenants?limit=1&cursor=${first.body.nextCursor}`, { headers: ops });
    expect(second.body.items[0].slug > first.body.items[0].slug).toBe(true);
    const all = await product.request('GET', '/v1/admin/tenants?limit=200&cb=123', { headers: ops });
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.map((t: { slug: string }) => t.slug)).toEqual(expect.arrayContaining([a.tenant.slug, b.tenant.slug]));
    for (const bad of ['limit=0', 'limit=201', 'limit=abc', 'cursor=!!', 'cursor=eyJ4IjoxfQ']) {
      const res = await product.request('GET', `/v1/admin/tenants?${bad}`, { headers: ops });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('issues a key once, lists keys without secrets, revokes it', async () => {
    const admin = a.headers.admin;
    const issued = await product.request('POST', `/v1/admin/tenants/${a.tenant.slug}/api-keys`, { headers: admin, body: { name: 'Android' } });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ id: expect.any(String), name: 'Android', key: expect.stringMatching(/^cpk_[A-Za-z0-9_-]{32,}$/), createdAt: expect.any(String) });
    const list = await product.request('GET', `/v1/admin/tenants/${a.tenant.slug}/api-keys`, { headers: admin });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toEqual({ id: issued.body.id, name: 'Android', createdAt: issued.body.createdAt, lastUsedAt: null, revokedAt: null });
    expect(list.text).not.toContain(issued.body.key);

    const key = apiKeyHeader(issued.body.key);
    expect((await product.request('GET', `/v1/audit`, { headers: key })).status).toBe(403);
    const revoked = await product.request('DELETE', `/v1/admin/tenants/${a.tenant.slug}/api-keys/${issued.body.id}`, { headers: admin });
    expect(revoked.status).toBe(204);
    expect((await product.request('GET', `/v1/audit`, { headers: key })).status).toBe(401);
    const again = await product.request('DELETE', `/v1/admin/tenants/${a.tenant.slug}/api-keys/${issued.body.id}`, { headers: admin });
    expect(again.status).toBe(204);
    const listed = await product.request('GET', `/v1/admin/tenants/${a.tenant.slug}/api-keys`, { headers: admin });
    expect(listed.body.items.find((k: { id: string }) => k.id === issued.body.id).revokedAt).toEqual(expect.any(String));
  });

  it("another tenant's keys do not exist for a tenant admin: 404", async () => {
    const path = `/v1/admin/tenants/${b.tenant.slug}/api-keys`;
    expect((await product.request('GET', path, { headers: a.headers.admin })).status).toBe(404);
    expect((await product.request('POST', path, { headers: a.headers.admin, body: { name: 'x' } })).status).toBe(404);
    expect((await product.request('DELETE', `${path}/${b.apiKey.id}`, { headers: a.headers.admin })).status).toBe(404);
    // The key id of tenant b under tenant a's own path: scoped in the data layer, so not found.
    expect((await product.request('DELETE', `/v1/admin/tenants/${a.tenant.slug}/api-keys/${b.apiKey.id}`, { headers: a.headers.admin })).status).toBe(404);
    expect((await product.request('DELETE', `/v1/admin/tenants/${a.tenant.slug}/api-keys/not-a-uuid`, { headers: a.headers.admin })).status).toBe(400);
    expect((await product.request('DELETE', `/v1/admin/tenants/${a.tenant.slug}/api-keys/0190F1A2-B3C4-7D5E-8F60-718293A4B5C6`, { headers: a.headers.admin })).status).toBe(404);
  });

  it('records when a key was last used', async () => {
    const key = await createApiKey(product, b.tenant.slug, 'usage');
    await product.request('GET', '/v1/audit', { headers: apiKeyHeader(key.key) });
    const used = await eventually(async () => {
      const res = await product.request('GET', `/v1/admin/tenants/${b.tenant.slug}/api-keys`, { headers: b.headers.admin });
      return res.body.items.find((k: { id: string; lastUsedAt: string | null }) => k.id === key.id && k.lastUsedAt)?.lastUsedAt;
    });
    expect(Date.parse(used)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('401 for a token naming a tenant that does not exist', async () => {
    const res = await product.request('GET', `/v1/admin/tenants/no-such-tenant/api-keys`, { headers: bearer(await staffToken({ tenant: 'no-such-tenant', roles: ['admin'] })) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
