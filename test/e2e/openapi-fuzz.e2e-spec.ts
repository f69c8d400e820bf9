import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, opsToken, tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { Product } from '../harness/product.js';

/**
 * A fuzz of every operation the API's own OpenAPI document (/docs-json) declares, as a
 * third-party fuzzer would run it: malformed path parameters, query parameters, headers,
 * bodies (types, depth, lone surrogates, NUL, unknown fields, raw text), percent-encoded and
 * re-cased paths, and every method on every path. Sent with credentials that may call the
 * operation (so the input reaches validation) and without any. Whatever the input: never a
 * 5xx, every error is problem+json with a code and its own status, and nothing leaks.
 */
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header' }>;
  bodySchema?: Schema;
}

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
  enum?: unknown[];
  items?: Schema;
  oneOf?: Schema[];
}

interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const ID = '0190f1a2-b3c4-7d5e-8f60-718293a4b5c6';

const BAD_PATH_VALUES = ['not-a-uuid', '-'.repeat(36), '%00', '%ZZ', '%E0%A4%A', 'x'.repeat(300), '..%2F..%2Fetc', "1'%20OR%20'1'%3D'1", 'UPPER', '%F0%9F%98%80', '00000000-0000-0000-0000-00000000000g'];
const GOOD_IDS = [ID, ID.toUpperCase(), randomUUID()];
const CURSORS = [
  '', 'garbage', '!!', 'A'.repeat(3000), forge(null), forge([1]), forge({}), forge('x'),
  forge({ at: '2020-02-30T00:00:00.000Z', id: ID }), forge({ at: 'Jan 1 99999', id: ID }), forge({ at: '0000-01-01T00:00:00.000Z', id: ID }),
  forge({ at: '2020-02-01T00:00:00.000Z', id: '-'.repeat(36) }), forge({ at: '+275760-09-13T00:00:00.000Z', id: ID }), forge({ s: '2020-02-30T00:00:00.000Z', i: ID }),
  forge({ s: 'x', i: 'y' }), forge({ slug: 'Not A Slug' }), forge({ at: 1, id: 2 }),
];
const QUERY_VALUES: Record<string, string[]> = {
  limit: ['', '-1', '0', '201', '1e3', 'abc', '1.5', '%00', '9'.repeat(40)],
  cursor: CURSORS.map(encodeURIComponent),
  status: ['', 'bogus', '%00', 'LIVE'],
  q: ['%00', 'x'.repeat(5000), '%ED%A0%80', '%25', '_'],
  wait: ['', '-1', '31', '1.5', 'x', '99999999999999999999'],
  tenant: ['', 'NOT_A_SLUG', "x'%20OR%201%3D1", 'a'.repeat(300)],
};
const HEADER_VALUES: Record<string, string[]> = {
  'If-Match': ['garbage', '"', 'W/"1"', '"x", "y"', '*', '"99999999999999999999"', 'x'.repeat(5000)],
  'Idempotency-Key': ['x'.repeat(201), ' ', '\u00ff'.repeat(10)],
};
const WRONG_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, true, [], ['a'], {}, { $gt: '' }, 'x'.repeat(100_000), 'a\ud800b', 'nul\u0000', '😀'.repeat(500), JSON.parse(deep(100))];
const RAW_BODIES = ['{', '}{', '[]', 'null', '"text"', '123', '{"a":1,}', "{'a':1}", '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', deep(1500), '{"name":"\\ud800"}', '{"name":"\\u0000"}', '\u0000'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'QUERY', 'PROPFIND', 'FOO'];

describe('fuzz of every operation in /docs-json', () => {
  let product: Product;
  let a: TenantCredentials;
  let ops: Record<string, string>;
  let operations: Operation[];
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    product = await Product.start({ RATE_LIMIT: 'off' });
    a = await tenantWithCredentials(product);
    ops = bearer(await opsToken());
    const doc = (await product.get('/docs-json')).body as { paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };
    schemas = doc.components.schemas;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        bodySchema: op.requestBody?.content['application/json']?.schema,
      })),
    );
  });

  afterAll(async () => {
    await product?.stop();
  });

  const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(schemas[schema.$ref.split('/').pop()!]!) : schema);

  /** A body built from the schema's examples: the starting point the mutations change one field of. */
  function sample(schema: Schema): Record<string, unknown> {
    const s = resolve(schema);
    if (s.oneOf?.[0]) return sample(s.oneOf[0]); // a body per job definition: the first one's
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([name, p]) => [name, resolve(p).example ?? resolve(p).enum?.[0] ?? 'x']));
  }

  function credentialsFor(op: Operation): Record<string, string> {
    return op.path.startsWith('/v1/admin/') && !op.path.includes('{slug}') ? ops : a.headers.admin;
  }

  function fill(path: string, values: Record<string, string> = {}): string {
    return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? (name === 'slug' ? a.tenant.slug : ID));
  }

  function probes(op: Operation): Probe[] {
    const headers = credentialsFor(op);
    const list: Probe[] = [];
    const base = fill(op.path);
    const body = op.bodySchema ? sample(op.bodySchema) : undefined;
    // Path parameters, one at a time.
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      for (const value of [...BAD_PATH_VALUES, ...GOOD_IDS]) list.push({ method: op.method, path: fill(op.path, { [p.name]: value }), headers, body });
    }
    // Query parameters: each bad value alone, and repeated.
    for (const p of op.parameters.filter((x) => x.in === 'query')) {
      for (const value of QUERY_VALUES[p.name] ?? ['', '%00', 'x'.repeat(5000)]) list.push({ method: op.method, path: `${base}?${p.name}=${value}`, headers, body });
      list.push({ method: op.method, path: `${base}?${p.name}=1&${p.name}=2`, headers, body });
    }
    list.push({ method: op.method, path: `${base}?unknown=1&_=${Date.now()}`, headers, body });
    // Declared headers.
    for (const p of op.parameters.filter((x) => x.in === 'header')) {
      for (const value of HEADER_VALUES[p.name] ?? ['', 'x'.repeat(5000)]) list.push({ method: op.method, path: base, headers: { ...headers, [p.name]: value }, body });
    }
    // Bodies: one field wrong at a time, one missing, unknown fields, raw text, other content types.
    if (body) {
      for (const field of Object.keys(body)) {
        for (const value of WRONG_VALUES) list.push({ method: op.method, path: base, headers, body: { ...body, [field]: value } });
        const { [field]: _missing, ...rest } = body;
        list.push({ method: op.method, path: base, headers, body: rest });
      }
      list.push({ method: op.method, path: base, headers, body: { ...body, unexpected: true } });
      list.push({ method: op.method, path: base, headers, body: { ...body, nested: JSON.parse(deep(40)) } });
      for (const raw of RAW_BODIES) list.push({ method: op.method, path: base, headers: { ...headers, 'content-type': 'application/json' }, body: raw });
      for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16']) {
        list.push({ method: op.method, path: base, headers: { ...headers, 'content-type': type }, body: 'a=b' });
      }
      list.push({ method: op.method, path: base, headers: { ...headers, 'content-type': 'application/json' }, body: '' });
    }
    // Without credentials, and with broken ones.
    list.push({ method: op.method, path: base, body });
    for (const authorization of ['Bearer x', 'Basic b3BzOng=', `Bearer ${'a'.repeat(9000)}`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) list.push({ method: op.method, path: base, headers: { authorization }, body });
    list.push({ method: op.method, path: base, headers: { 'x-api-key': 'cpk_' + 'a'.repeat(200) }, body });
    // The same path re-encoded, re-cased and with stray slashes.
    const encoded = base.replace(/\/([a-z])/, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`);
    for (const path of [encoded, base.toUpperCase(), `${base}/`, base.replace('/v1/', '//v1//'), `${base}%2F`, `${base};x=1`, `${base}/..`]) list.push({ method: op.method, path, headers, body });
    return list;
  }

  async function check(probe: Probe, failures: string[]): Promise<void> {
    const label = `${probe.method} ${probe.path.slice(0, 100)} ${JSON.stringify(probe.body)?.slice(0, 60) ?? ''}`;
    let res;
    try {
      res = await product.request(probe.method, probe.path, { headers: probe.headers, body: probe.body });
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message}`);
      return;
    }
    if (res.status >= 500) failures.push(`${label} -> ${res.status} ${res.text.slice(0, 200)}`);
    if (res.status >= 400 && probe.method !== 'HEAD') {
      if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) failures.push(`${label} -> ${res.status} not problem+json: ${res.text.slice(0, 100)}`);
      else if (typeof res.body?.code !== 'string' || !/^[A-Z_]+$/.test(res.body.code) || res.body.status !== res.status) failures.push(`${label} -> ${res.status} bad problem ${res.text.slice(0, 200)}`);
    }
    if (/\bat \S+\.(js|ts):\d+|QueryFailedError|EntityMetadata|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|duplicate key|syntax error at/i.test(res.text)) {
      failures.push(`${label} -> leaks internals: ${res.text.slice(0, 200)}`);
    }
  }

  it('reads the document: every operation the contract lists is there', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  it('answers malformed input on every operation with 4xx problem+json, never 5xx', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      for (const probe of probes(op)) {
        await check(probe, failures);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(1500);
    expect(failures).toEqual([]);
    expect((await product.get('/health/ready')).status).toBe(200);
  }, 600_000);

  it('answers every method on every path: 405 with Allow for the path\'s other methods, never 5xx', async () => {
    const failures: string[] = [];
    const paths = [...new Set(operations.map((op) => fill(op.path)))];
    for (const path of paths) {
      for (const method of METHODS) {
        const probe = { method, path, headers: a.headers.admin };
        await check(probe, failures);
        const res = await product.request(method, path, { headers: a.headers.admin });
        if (res.status === 405 && !res.headers.get('allow')) failures.push(`${method} ${path} -> 405 without Allow`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
