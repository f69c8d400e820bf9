import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { bearer, uniqueSlug } from '../harness/auth.js';
import { eventually, request } from '../harness/http.js';
import { freePort } from '../harness/private-servers.js';
import { Spawned } from '../harness/spawned.js';
import { TestEnvironment } from '../harness/test-env.js';

const ISSUER = 'https://staff.example.test';
const AUDIENCE = 'campaigns-api';

/**
 * The console's development sign-in, on the built monolith under NODE_ENV=development (the e2e
 * suite runs under test, where it is off): POST /console/dev-token signs tokens the product
 * accepts, for an existing tenant's roles or an operator, and does not exist once tokens come
 * from an identity provider (JWT_JWKS_URL).
 */
describe('console development sign-in', () => {
  let env: TestEnvironment;
  let devSignIn: { process: Spawned; url: string } | undefined;
  let withJwks: { process: Spawned; url: string } | undefined;
  const slug = uniqueSlug('dev');

  async function start(overrides: Record<string, string>): Promise<{ process: Spawned; url: string }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = Spawned.start('monolith', env.vars({ NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), ...overrides }));
    await eventually(async () => ((await request(url, 'GET', '/health/ready')).status === 200 ? true : undefined), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; the monolith wrote:\n${started.output}`);
    });
    return { process: started, url };
  }

  beforeAll(async () => {
    env = await TestEnvironment.create();
    [devSignIn, withJwks] = await Promise.all([
      start({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, QUEUE_DASHBOARD_PASSWORD: 'a-dashboard-password-for-tests' }),
      // Never fetched: no token is verified by this process in the test.
      start({ JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' }),
    ]);
    const created = await request(devSignIn.url, 'POST', '/v1/admin/tenants', {
      headers: bearer((await signIn(devSignIn.url, { tenant: null, roles: ['ops'] })).body.accessToken),
      body: { slug, name: 'Dev Mall', timezone: 'Europe/Istanbul' },
    });
    expect([created.status, created.text]).toEqual([201, created.text]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([devSignIn?.process.stop(), withJwks?.process.stop()]);
    await env?.drop();
  });

  function signIn(url: string, body: unknown) {
    return request(url, 'POST', '/console/dev-token', { body });
  }

  it('says at start that it is on', () => {
    expect(devSignIn!.process.output).toContain("The console's development sign-in is on");
    expect(withJwks!.process.output).not.toContain("The console's development sign-in is on");
  });

  it('tells the console in config.json, with the monolith\'s own queue dashboard', async () => {
    const res = await request(devSignIn!.url, 'GET', '/console/config.json');
    expect(res.body).toEqual({ oidc: null, devSignIn: true, queueDashboardUrl: '/admin/queues' });
    expect((await request(withJwks!.url, 'GET', '/console/config.json')).body).toMatchObject({ devSignIn: false, queueDashboardUrl: null });
  });

  it("issues an 8-hour token for a tenant's roles that the API accepts", async () => {
    const before = Date.now();
    const res = await signIn(devSignIn!.url, { tenant: slug, roles: ['editor'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresAt']);
    const claims = decodeJwt(res.body.accessToken);
    expect(claims).toMatchObject({ sub: `dev:editor@${slug}`, roles: ['editor'], tenant: slug, iss: ISSUER, aud: AUDIENCE });
    expect(new Date(res.body.expiresAt).getTime()).toBe(claims.exp! * 1000);
    expect(claims.exp! * 1000 - before).toBeGreaterThan(8 * 3600_000 - 5000);
    expect(claims.exp! * 1000 - before).toBeLessThanOrEqual(8 * 3600_000 + 5000);
    const me = await request(devSignIn!.url, 'GET', '/v1/me', { headers: bearer(res.body.accessToken) });
    expect(me.body).toEqual({ kind: 'staff', subject: `dev:editor@${slug}`, roles: ['viewer', 'editor'], tenant: { slug, name: 'Dev Mall', timezone: 'Europe/Istanbul' } });
  });

  it('issues an operator token without a tenant', async () => {
    const res = await signIn(devSignIn!.url, { tenant: null, roles: ['ops'] });
    const me = await request(devSignIn!.url, 'GET', '/v1/me', { headers: bearer(res.body.accessToken) });
    expect(me.body).toEqual({ kind: 'staff', subject: 'dev:ops@platform', roles: ['ops'], tenant: null });
  });

  it.each([
    [{ tenant: 'no-such-mall', roles: ['admin'] }, 'tenant'],
    [{ tenant: null, roles: ['admin'] }, 'tenant'],
    [{ roles: ['admin'] }, 'tenant'],
    [{ tenant: 'Not A Slug', roles: ['admin'] }, 'tenant'],
    [{ tenant: 'x', roles: [] }, 'roles'],
    [{ tenant: 'x', roles: ['root'] }, 'roles'],
    [{ tenant: 'x', roles: 'admin' }, 'roles'],
    [{ tenant: 'x', roles: ['admin'], sub: 'me' }, 'sub'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const res = await signIn(devSignIn!.url, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('does not exist when tokens come from an identity provider', async () => {
    const res = await signIn(withJwks!.url, { tenant: slug, roles: ['admin'] });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
