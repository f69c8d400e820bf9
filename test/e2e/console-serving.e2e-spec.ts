import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, tenantWithCredentials, TenantCredentials, wrongSignatureToken } from '../harness/auth.js';
import { TestResponse } from '../harness/http.js';
import { Product } from '../harness/product.js';
import { rawRequest } from '../harness/raw-http.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/console/assets/x-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("console");';

/** The CSP directives of an answer, by name. */
function csp(res: { headers: Headers }): Record<string, string> {
  const header = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(header.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]));
}

function expectConsolePolicy(res: TestResponse): void {
  const policy = csp(res);
  expect(policy['script-src']).toBe("'self'");
  expect(policy['style-src']).toBe("'self' 'unsafe-inline'");
  expect(policy['frame-ancestors']).toBe("'self'");
  expect(policy['frame-src']).toBe("'none'");
  expect(policy['object-src']).toBe("'none'");
  expect(policy['upgrade-insecure-requests']).toBeUndefined();
}

function expectProblem(res: TestResponse, status: number, code?: string): void {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(res.body).toMatchObject({ status, code: code ?? expect.stringMatching(/^[A-Z_]+$/), requestId: expect.any(String) });
}

/**
 * The server side of the staff console: its files at /console from CONSOLE_DIR (here a fake
 * build written by the test), the console's own CSP, config.json, and GET /v1/me for each
 * kind of caller. The development sign-in is off under NODE_ENV=test: its route does not exist.
 */
describe('the staff console', () => {
  let product: Product;
  let dir: string;
  let t: TenantCredentials;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'console-e2e-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'x-abc123.js'), SCRIPT);
    await writeFile(join(dir, 'assets', 'x-abc123.css'), 'body{margin:0}');
    await writeFile(join(dir, 'silent-renew.html'), '<!doctype html><title>renew</title>');
    product = await Product.start({ CONSOLE_DIR: dir });
    t = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('files', () => {
    it.each(['/console', '/console/', '/console/calendar', '/console/jobs/123', '/console/callback', '/console/jobs/123/', '/console/calendar?view=week'])('%s answers index.html, revalidated on every load', async (path) => {
      const res = await product.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.text).toBe(INDEX);
      expectConsolePolicy(res);
    });

    it('serves hashed assets for a year, with their content type', async () => {
      const js = await product.get('/console/assets/x-abc123.js');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(js.text).toBe(SCRIPT);
      expectConsolePolicy(js);
      const css = await product.get('/console/assets/x-abc123.css');
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
      const head = await product.request('HEAD', '/console/assets/x-abc123.js');
      expect([head.status, head.text]).toEqual([200, '']);
    });

    it('serves other built files revalidated (the silent-renew page)', async () => {
      const res = await product.get('/console/silent-renew.html');
      expect([res.status, res.headers.get('cache-control')]).toEqual([200, 'no-cache']);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('answers an unknown asset or file 404 problem+json, never index.html', async () => {
      for (const path of ['/console/assets/missing-000.js', '/console/assets/', '/console/assets/sub/x.js', '/console/favicon.ico', '/console/.env']) {
        const res = await product.get(path);
        expectProblem(res, 404);
        expect(res.text).not.toContain('<html');
      }
    });

    it('never leaves its folder, however the path is spelled', async () => {
      const paths = [
        '/console/../package.json',
        '/console/assets/../../package.json',
        '/console/%2e%2e/package.json',
        '/console/assets/%2e%2e%2f%2e%2e%2fpackage.json',
        '/console/assets/..%2f..%2fpackage.json',
        '/console/assets/%252e%252e%252fpackage.json',
        '/console/..%5c..%5cpackage.json',
        '/console/assets/x-abc123.js%00.html',
        '/console/%2fetc%2fpasswd',
      ];
      for (const path of paths) {
        const res = await rawRequest(product.url, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
        expect([path, res.status < 500]).toEqual([path, true]);
        expect(res.body).not.toContain('"name": "campaigns-platform"');
        expect(res.body).not.toContain('root:');
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('answers other methods like any unknown route: 404 (405 where the path is a route)', async () => {
      expectProblem(await product.request('POST', '/console/calendar', { body: {} }), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await product.request('DELETE', '/console/assets/x-abc123.js'), 405, 'METHOD_NOT_ALLOWED');
      expectProblem(await product.request('POST', '/console/config.json', { body: {} }), 405, 'METHOD_NOT_ALLOWED');
    });

    it('says the console is not built when its folder has no index.html, and serves it once built', async () => {
      await rename(join(dir, 'index.html'), join(dir, 'index.html.away'));
      try {
        const res = await product.get('/console/calendar');
        expectProblem(res, 404, 'CONSOLE_NOT_BUILT');
        expect(res.body.detail).toContain('npm run build');
        expectProblem(await product.get('/console'), 404, 'CONSOLE_NOT_BUILT');
      } finally {
        await rename(join(dir, 'index.html.away'), join(dir, 'index.html'));
      }
      expect((await product.get('/console/calendar')).status).toBe(200);
    });

    it("leaves the API's own headers as they were", async () => {
      for (const path of ['/health/live', '/docs-json']) {
        const policy = csp(await product.get(path));
        expect(policy['script-src']).toBe("'self' 'unsafe-inline'");
        expect(policy['upgrade-insecure-requests']).toBeDefined();
      }
      const api = await product.get('/v1/me', t.headers.viewer);
      expect(csp(api)['script-src']).toBe("'self' 'unsafe-inline'");
    });
  });

  describe('GET /console/config.json', () => {
    it('is public, revalidated, and says how to sign in (no OIDC, no dev sign-in under test)', async () => {
      const res = await product.get('/console/config.json');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.body).toEqual({ oidc: null, devSignIn: false, queueDashboardUrl: null });
      expectConsolePolicy(res);
    });

    it('is not in the OpenAPI document, nor is the dev sign-in', async () => {
      const paths = Object.keys((await product.get('/docs-json')).body.paths);
      expect(paths.filter((p) => p.startsWith('/console'))).toEqual([]);
    });
  });

  it('has no development sign-in outside development: POST /console/dev-token is an unknown route', async () => {
    const res = await product.request('POST', '/console/dev-token', { body: { tenant: t.tenant.slug, roles: ['admin'] } });
    expectProblem(res, 404, 'ROUTE_NOT_FOUND');
    expect(res.body).toMatchObject({ detail: 'No such route.' });
  });

  describe('GET /v1/me', () => {
    const tenantOf = () => ({ slug: t.tenant.slug, name: t.tenant.name, timezone: 'Europe/Istanbul' });

    it.each([
      ['viewer', ['viewer']],
      ['editor', ['viewer', 'editor']],
      ['admin', ['viewer', 'editor', 'admin']],
    ] as const)('tells a %s their tenant and expanded roles', async (who, roles) => {
      const res = await product.get('/v1/me', t.headers[who]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ kind: 'staff', subject: `${who}@${t.tenant.slug}`, roles: [...roles], tenant: tenantOf() });
    });

    it('tells an operator they have no tenant', async () => {
      const res = await product.get('/v1/me', t.headers.ops);
      expect(res.body).toEqual({ kind: 'staff', subject: 'ops@platform', roles: ['ops'], tenant: null });
    });

    it('tells an API key its tenant, without subject or roles', async () => {
      const res = await product.get('/v1/me', t.headers.apiKey);
      expect(res.body).toEqual({ kind: 'apiKey', subject: null, roles: [], tenant: tenantOf() });
    });

    it('is 401 without valid credentials', async () => {
      expectProblem(await product.get('/v1/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await product.get('/v1/me', bearer(await wrongSignatureToken(t.tenant.slug))), 401, 'UNAUTHENTICATED');
      expectProblem(await product.get('/v1/me', { 'x-api-key': 'cpk_' + 'a'.repeat(43) }), 401, 'UNAUTHENTICATED');
    });
  });
});
