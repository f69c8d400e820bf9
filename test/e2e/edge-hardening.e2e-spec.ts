import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyHeader, bearer, createApiKey, opsToken, staffToken, tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { Product } from '../harness/product.js';

/**
 * The edge's hardening: rate limits (per key, per staff user, per client address; shared by
 * replicas; off with RATE_LIMIT=off), revocation reaching another replica, security headers and
 * CORS. Limits are set low here so they are reached quickly.
 */
describe('rate limits and a second replica', () => {
  let product: Product;
  let replica: Product;
  let a: TenantCredentials;

  const LOW = {
    RATE_LIMIT_STAFF_PER_S: '1',
    RATE_LIMIT_STAFF_BURST: '5',
    RATE_LIMIT_API_KEY_PER_S: '1',
    RATE_LIMIT_API_KEY_BURST: '8',
    RATE_LIMIT_ANONYMOUS_PER_S: '1',
    RATE_LIMIT_ANONYMOUS_BURST: '6',
    RATE_LIMIT_SYNC_MS: '100',
  };

  beforeAll(async () => {
    product = await Product.start(LOW);
    // A second gateway on the same database and Redis prefix: another replica of the same deployment.
    replica = await Product.start({ ...LOW, DATABASE_URL: product.env.databaseUrl, REDIS_PREFIX: product.env.redisPrefix });
    a = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await replica?.stop();
    await product?.stop();
  });

  it('per staff user: burst, then 429 with Retry-After and RateLimit-* headers, as problem+json', async () => {
    const headers = bearer(await staffToken({ tenant: a.tenant.slug, roles: ['admin'], sub: 'limited-admin' }));
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 8; i++) {
      last = await product.request('GET', '/v1/audit', { headers });
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers.get('ratelimit-limit')).toBe('5');
        expect(last.headers.get('ratelimit-remaining')).toBe('4');
        expect(Number(last.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
      }
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(7);
    expect(last!.status).toBe(429);
    expect(last!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(last!.body.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
    // Another user of the same tenant has a bucket of their own.
    const other = await product.request('GET', '/v1/audit', { headers: bearer(await staffToken({ tenant: a.tenant.slug, roles: ['admin'], sub: 'someone-else' })) });
    expect(other.status).toBe(200);
  });

  it('per API key, shared by replicas through Redis', async () => {
    const key = apiKeyHeader((await createApiKey(product, a.tenant.slug, 'shared')).key);
    // A load balancer spreads an app's calls over replicas: both have seen the key (and synced once).
    expect((await product.request('GET', '/v1/audit', { headers: key })).status).toBe(403);
    expect((await replica.request('GET', '/v1/audit', { headers: key })).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // 4 more on this replica, the counts sync, and the other replica has only the rest.
    for (let i = 0; i < 4; i++) expect((await product.request('GET', '/v1/audit', { headers: key })).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const onReplica: number[] = [];
    for (let i = 0; i < 8; i++) onReplica.push((await replica.request('GET', '/v1/audit', { headers: key })).status);
    // Alone the replica would allow 7 more; sharing leaves about 3 (plus what refilled meanwhile).
    expect(onReplica.filter((s) => s === 403).length).toBeLessThanOrEqual(5);
    expect(onReplica).toContain(429);
  });

  it('a key revoked on one replica stops working on the other within 2 s', async () => {
    const issued = await createApiKey(product, a.tenant.slug, 'to revoke');
    const headers = apiKeyHeader(issued.key);
    expect((await replica.request('GET', '/v1/audit', { headers })).status).toBe(403); // known there, cached
    expect((await product.request('DELETE', `/v1/admin/tenants/${a.tenant.slug}/api-keys/${issued.id}`, { headers: bearer(await opsToken()) })).status).toBe(204);
    const revokedAt = Date.now();
    let status = 0;
    while (Date.now() - revokedAt < 2000) {
      status = (await replica.request('GET', '/v1/audit', { headers })).status;
      if (status === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(401);
  });

  // The tests below use up the client address's budget for calls without valid credentials: they run last.
  it('per client address for calls without valid credentials', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await product.request('GET', '/v1/audit')).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('X-Forwarded-For from a peer that is not a configured proxy does not pick the bucket', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await product.request('GET', '/v1/audit', { headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
    expect(statuses).toContain(429);
  });

  it('made-up API keys are limited per client address before any database read', async () => {
    const reads = async () => Number(/^identity_reads_total\{kind="api-key"\} (\d+)/m.exec((await product.get('/metrics')).text)?.[1] ?? 0);
    const before = await reads();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await product.request('GET', '/v1/campaign-events', { headers: { 'x-api-key': `cpk_${randomBytes(32).toString('base64url')}` } })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // At most the address's burst (6) reached PostgreSQL; without the limit first, all 40 would.
    expect((await reads()) - before).toBeLessThanOrEqual(6);
  });
});

describe('behind configured proxies (TRUSTED_PROXIES)', () => {
  let product: Product;

  beforeAll(async () => {
    product = await Product.start({ TRUSTED_PROXIES: 'loopback', RATE_LIMIT_ANONYMOUS_PER_S: '1', RATE_LIMIT_ANONYMOUS_BURST: '3' });
  });

  afterAll(async () => {
    await product?.stop();
  });

  it("the client address is the one the proxy forwarded: each client has its own bucket", async () => {
    const rotating: number[] = [];
    for (let i = 0; i < 8; i++) rotating.push((await product.request('GET', '/v1/audit', { headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status);
    expect(rotating).toEqual(Array(8).fill(401));
    const one: number[] = [];
    for (let i = 0; i < 8; i++) one.push((await product.request('GET', '/v1/audit', { headers: { 'x-forwarded-for': '198.51.100.200' } })).status);
    expect(one).toContain(429);
  });
});

describe('RATE_LIMIT=off, security headers and CORS', () => {
  let product: Product;
  let a: TenantCredentials;

  beforeAll(async () => {
    product = await Product.start({ RATE_LIMIT: 'off', RATE_LIMIT_ANONYMOUS_BURST: '1', RATE_LIMIT_ANONYMOUS_PER_S: '1', CORS_ORIGINS: 'https://app.example.com' });
    a = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('no limits and no RateLimit headers when off', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await product.request('GET', '/v1/audit');
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('security headers on API answers, errors and probes', async () => {
    for (const res of [await product.request('GET', '/v1/audit', { headers: a.headers.admin }), await product.get('/v1/nothing'), await product.get('/health/live')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('CORS for the configured origin only', async () => {
    const preflight = await product.request('OPTIONS', '/v1/audit', {
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,x-api-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Api-Key/i);
    const simple = await product.request('GET', '/v1/audit', { headers: { ...a.headers.admin, origin: 'https://app.example.com' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(simple.headers.get('access-control-expose-headers')).toMatch(/RateLimit-Remaining/);
    expect(simple.headers.get('access-control-expose-headers')).toMatch(/Warning/); // a stale answer says so to browser apps too
    const other = await product.request('GET', '/v1/audit', { headers: { ...a.headers.admin, origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('Swagger UI still loads under the content security policy, and documents the auth routes', async () => {
    expect((await product.get('/docs')).status).toBe(200);
    const doc = await product.get('/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/admin/tenants', '/v1/admin/tenants/{slug}/api-keys', '/v1/admin/tenants/{slug}/api-keys/{id}', '/v1/audit', '/v1/admin/audit']));
    expect(Object.keys(doc.body.paths['/v1/admin/tenants'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '415', '429']));
  });
});
