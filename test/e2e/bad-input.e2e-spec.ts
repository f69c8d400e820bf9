import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import { Product } from '../harness/product.js';

/**
 * Hundreds of malformed requests across the API's endpoints, as the staff who may call them
 * (so they reach validation, not only the guard): wrong types, missing fields, huge strings,
 * malformed JSON, bad ids, SQL and script fragments. None may answer 5xx; every error is
 * problem+json with a `code`, and no answer carries a stack trace or SQL.
 */
const HUGE = 'x'.repeat(200_000);
const NASTY_STRINGS = [
  "' OR '1'='1", "'; DROP TABLE identity.tenants; --", '" OR ""="', '1; SELECT pg_sleep(5)', '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>', '../../../../etc/passwd', '%00', '\u0000', '\ud800', '${7*7}', '{{7*7}}', 'null', '', ' ', HUGE,
  '😀'.repeat(1000), 'Robert\'); DROP TABLE students;--',
];
const WRONG_TYPES: unknown[] = [null, 0, -1, 1.5, 1e308, true, false, [], ['a'], {}, { $gt: '' }, [null]];
const BAD_IDS = ['not-a-uuid', "1' OR '1'='1", '%27%20OR%201%3D1', '..%2F..%2Fetc', 'x'.repeat(2000), '0190f1a2-b3c4-7d5e-8f60-718293a4b5c6x', '00000000-0000-0000-0000-00000000000g', '%3Cscript%3E', '-1', '1e10'];
const RAW_BODIES = ['{', '{"name": ', '}{', '[', '{"a":1,}', "{'name': 'x'}", 'null', '"just a string"', '123', 'true', '[]', '{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {"x": 1}}}', '\u0000', `{"name": "${HUGE}"}`, '{"a":'.repeat(5000)];
const BAD_QUERIES = ['limit=-1', 'limit=0', 'limit=201', 'limit=abc', 'limit=1e3', 'limit=%00', 'limit=1&limit=2', 'cursor=garbage', 'cursor=%3Cscript%3E', `cursor=${'A'.repeat(3000)}`, "cursor=' OR 1=1", 'cursor=eyJhdCI6IngiLCJpZCI6InkifQ'];

interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Object bodies with one field wrong at a time, a field missing, and unknown fields. */
function bodyMutations(valid: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const field of Object.keys(valid)) {
    for (const value of [...WRONG_TYPES, ...NASTY_STRINGS]) out.push({ ...valid, [field]: value });
    const { [field]: _dropped, ...missing } = valid;
    out.push(missing);
  }
  out.push({ ...valid, unexpected: 'field' }, { ...valid, __proto__: { polluted: true } });
  return out;
}

describe('bad input never yields a 5xx', () => {
  let product: Product;
  let a: TenantCredentials;

  beforeAll(async () => {
    product = await Product.start({ RATE_LIMIT: 'off' });
    a = await tenantWithCredentials(product);
  });

  afterAll(async () => {
    await product?.stop();
  });

  function probes(): Probe[] {
    const ops = a.headers.ops;
    const admin = a.headers.admin;
    const keys = `/v1/admin/tenants/${a.tenant.slug}/api-keys`;
    const list: Probe[] = [];
    const json = (h: Record<string, string>) => ({ ...h, 'content-type': 'application/json' });
    for (const body of bodyMutations({ slug: 'fuzz-mall', name: 'Fuzz mall', timezone: 'Europe/Istanbul' })) list.push({ method: 'POST', path: '/v1/admin/tenants', headers: ops, body });
    for (const body of bodyMutations({ name: 'fuzz app' })) list.push({ method: 'POST', path: keys, headers: admin, body });
    for (const raw of RAW_BODIES) {
      list.push({ method: 'POST', path: '/v1/admin/tenants', headers: json(ops), body: raw });
      list.push({ method: 'POST', path: keys, headers: json(admin), body: raw });
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonx']) {
      list.push({ method: 'POST', path: '/v1/admin/tenants', headers: { ...ops, 'content-type': type }, body: 'slug=a&name=b' });
    }
    for (const id of BAD_IDS) list.push({ method: 'DELETE', path: `${keys}/${id}`, headers: admin });
    for (const slug of ["x' OR 1=1 --", 'UPPER', '%3Cscript%3E', 'a'.repeat(300)]) {
      list.push({ method: 'GET', path: `/v1/admin/tenants/${encodeURIComponent(slug)}/api-keys`, headers: admin });
      list.push({ method: 'GET', path: `/v1/admin/tenants/${encodeURIComponent(slug)}/api-keys`, headers: ops });
      list.push({ method: 'POST', path: `/v1/admin/tenants/${encodeURIComponent(slug)}/api-keys`, headers: ops, body: { name: 'x' } });
    }
    for (const path of ['/v1/admin/tenants/%E0%A4%A/api-keys', `/v1/admin/tenants/${a.tenant.slug}/api-keys/%zz`, '/v1/admin/tenants/%00/api-keys']) {
      list.push({ method: 'GET', path, headers: admin });
      list.push({ method: 'DELETE', path, headers: ops });
    }
    for (const q of BAD_QUERIES) {
      list.push({ method: 'GET', path: `/v1/admin/tenants?${q}`, headers: ops });
      list.push({ method: 'GET', path: `${keys}?${q}`, headers: admin });
      list.push({ method: 'GET', path: `/v1/audit?${q}`, headers: admin });
      list.push({ method: 'GET', path: `/v1/admin/audit?${q}`, headers: ops });
    }
    for (const t of ["' OR 1=1 --", '<script>', 'A', 'x'.repeat(100)]) list.push({ method: 'GET', path: `/v1/admin/audit?tenant=${encodeURIComponent(t)}`, headers: ops });
    for (const value of ['Bearer ' + "' OR 1=1", 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Bearer ' + HUGE.slice(0, 7000), '\u00ff\u00fe']) {
      list.push({ method: 'GET', path: '/v1/audit', headers: { authorization: value } });
    }
    for (const value of ["cpk_' OR 1=1 --aaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 'cpk_' + 'a'.repeat(5000), '<script>']) list.push({ method: 'GET', path: '/v1/audit', headers: { 'x-api-key': value } });
    return list;
  }

  it('answers at least 200 malformed requests with 4xx problem+json, never 5xx, never a stack or SQL', async () => {
    const all = probes();
    expect(all.length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    for (const probe of all) {
      let res;
      try {
        res = await product.request(probe.method, probe.path, { headers: probe.headers, body: probe.body });
      } catch (error) {
        failures.push(`${probe.method} ${probe.path.slice(0, 80)}: ${(error as Error).message}`);
        continue;
      }
      const label = `${probe.method} ${probe.path.slice(0, 80)} ${JSON.stringify(probe.body)?.slice(0, 80)} -> ${res.status}`;
      if (res.status >= 500) failures.push(`${label}: 5xx ${res.text.slice(0, 200)}`);
      if (res.status >= 400) {
        if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) failures.push(`${label}: not problem+json`);
        if (typeof res.body?.code !== 'string' || !/^[A-Z_]+$/.test(res.body.code)) failures.push(`${label}: no code`);
      }
      if (/\bat \S+\.(js|ts):\d+|QueryFailedError|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|duplicate key|syntax error at/i.test(res.text)) {
        failures.push(`${label}: leaks internals ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    // Still healthy afterwards.
    expect((await product.get('/health/ready')).status).toBe(200);
  }, 120_000);
});
