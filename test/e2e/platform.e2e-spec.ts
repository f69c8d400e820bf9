import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, opsToken } from '../harness/auth.js';
import { Product } from '../harness/product.js';
import { rawRequest } from '../harness/raw-http.js';

/** What every deployment answers before any business endpoint: probes, metrics, docs, errors. */
describe('platform edge', () => {
  let product: Product;

  beforeAll(async () => {
    product = await Product.start();
  });

  afterAll(async () => {
    await product?.stop();
  });

  describe('health', () => {
    it('answers liveness', async () => {
      const res = await product.get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('answers readiness with each dependency', async () => {
      const res = await product.get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.dependencies.postgres).toEqual({ status: 'up', latencyMs: expect.any(Number) });
      expect(res.body.dependencies.redis).toEqual({ status: 'up', latencyMs: expect.any(Number) });
    });

    it('reports every service of the deployment, asked over the transport', async () => {
      const res = await product.get('/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      for (const service of ['gateway', 'campaigns', 'jobs']) {
        expect(res.body.services[service]).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
      }
    });
  });

  it('serves Prometheus metrics', async () => {
    await product.get('/health/live');
    const res = await product.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/health\/live"/);
    expect(res.text).toMatch(/process_resident_memory_bytes/);
  });

  it('serves the messaging metrics: transport latency, consumer groups, dead letters', async () => {
    await product.get('/health'); // asks every service over the transport
    const res = await product.get('/metrics');
    expect(res.text).toMatch(/messaging_request_duration_seconds_bucket\{[^}]*pattern="campaigns\.health"[^}]*outcome="ok"/);
    expect(res.text).toMatch(/event_consumer_pending\{group="identity"\} \d+/);
    expect(res.text).toMatch(/dead_letters\{consumer="identity"\} 0/);
  });

  it('serves Swagger UI and an OpenAPI 3 document', async () => {
    const ui = await product.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
    const doc = await product.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
  });

  it('echoes a safe X-Request-Id and makes one otherwise', async () => {
    const given = await product.get('/health/live', { 'x-request-id': 'abc-123' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const unsafe = await product.get('/health/live', { 'x-request-id': 'no spaces <script>' });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('errors raised before application code are problem+json', () => {
    const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
      expect(res.body.instance).toMatch(/^\//);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    };

    it('unknown route: 404', async () => {
      const res = await product.get('/v1/no-such-thing?x=1');
      expectProblem(res, 404, 'ROUTE_NOT_FOUND');
      expect(res.body.instance).toBe('/v1/no-such-thing');
    });

    it('a path no route declares is 404, whatever the method, a trailing slash or another case', async () => {
      for (const [method, path] of [['GET', '/'], ['GET', '/v1/campaigns'], ['GET', '/v1/campaign-events/'], ['GET', '/V1/campaign-events'], ['GET', '/admin/queues'], ['OPTIONS', '/v1/nothing'], ['DELETE', '/v1/jobs/']]) {
        expectProblem(await product.request(method!, path!), 404, 'ROUTE_NOT_FOUND');
      }
    });

    it('a known path asked with a method it does not answer, even one Fastify or Node does not know: 405 with Allow', async () => {
      for (const method of ['PUT', 'QUERY', 'PROPFIND']) {
        const res = await product.request(method, '/v1/campaign-events');
        expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
        expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
      }
      const unknown = await rawRequest(product.url, 'FOO /v1/campaign-events HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(unknown.status).toBe(405);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknown.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    });

    it('OPTIONS on a known path without CORS headers: 204 with Allow', async () => {
      const res = await product.request('OPTIONS', '/v1/campaign-events/0190f1a2-b3c4-7d5e-8f60-718293a4b5c6');
      expect(res.status).toBe(204);
      expect(res.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE, OPTIONS');
    });

    it.each([
      ['a control byte in a header', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n', 400, 'MALFORMED_REQUEST'],
      ['Content-Length with chunked', 'POST /v1/campaign-events HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'MALFORMED_REQUEST'],
      ['headers over the limit', `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ])("what Node's HTTP parser refuses is problem+json too: %s", async (_label, bytes, status, code) => {
      const res = await rawRequest(product.url, bytes);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(res.body);
      expect(body).toMatchObject({ status, code, requestId: expect.any(String), instance: expect.stringMatching(/^\//) });
    });

    it('unsupported method on a known route: 405 with Allow', async () => {
      const res = await product.request('DELETE', '/health/ready');
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.get('allow')).toContain('GET');
    });

    it('malformed JSON: 400 naming the body', async () => {
      const res = await product.request('POST', '/v1/campaign-events', { body: '{"name": ', headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'MALFORMED_JSON');
      expect(res.body.errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
      // On a path no route declares, the answer is about the path, whatever the body.
      expectProblem(await product.request('POST', '/v1/anything', { body: '{"name": ', headers: { 'content-type': 'application/json' } }), 404, 'ROUTE_NOT_FOUND');
    });

    it('empty body with a JSON content type: 400', async () => {
      const res = await product.request('POST', '/v1/campaign-events', { headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'EMPTY_BODY');
      expect(res.body.errors[0].field).toBe('body');
    });

    it('a content type other than JSON: 415', async () => {
      const headers = bearer(await opsToken());
      const bodies: Record<string, string> = {
        'text/plain': 'slug=x',
        'application/x-www-form-urlencoded': 'slug=x&name=y&timezone=UTC',
        'application/xml': '<tenant><slug>x</slug></tenant>',
      };
      for (const [type, body] of Object.entries(bodies)) {
        const res = await product.request('POST', '/v1/admin/tenants', { headers: { ...headers, 'content-type': type }, body });
        expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
    });

    it('body over 1 MiB: 413', async () => {
      const body = JSON.stringify({ name: 'x'.repeat(1_100_000) });
      const res = await product.request('POST', '/v1/campaign-events', { body });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });
  });
});

/** The same routing answers with CORS on (as in development, where any origin is allowed). */
describe('platform edge with CORS', () => {
  let product: Product;

  beforeAll(async () => {
    product = await Product.start({ CORS_ORIGINS: '*' });
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('unknown paths stay 404 although the CORS plugin answers OPTIONS on every path', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/v1/campaigns'], ['GET', '/v1/campaign-events/'], ['OPTIONS', '/v1/nothing']]) {
      const res = await product.request(method!, path!);
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 404, code: 'ROUTE_NOT_FOUND' });
    }
  });

  it('OPTIONS without CORS headers: 204 with Allow; a preflight: the CORS answer', async () => {
    const plain = await product.request('OPTIONS', '/v1/campaign-events');
    expect(plain.status).toBe(204);
    expect(plain.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const preflight = await product.request('OPTIONS', '/v1/campaign-events', { headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});
