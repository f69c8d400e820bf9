import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { tenantWithCredentials, TenantCredentials } from '../harness/auth.js';
import type { OpenApiOperation } from '../harness/openapi-contract.js';
import { Product } from '../harness/product.js';
import { SchemaArbitraries, type Broken, type JsonSchema } from '../harness/schema-arbitrary.js';

/**
 * Properties of every operation of the served /docs-json, with requests generated from the
 * document's own request schemas: a request the document calls valid is accepted (2xx, or a
 * business 4xx it declares: 404, 409, 412), and one that breaks a single stated constraint is
 * refused with 400/415/422 problem+json. Every answer is also checked against the document by
 * the harness (status, headers, body). Bounded: a few runs per operation.
 */
interface Operation {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

interface Sample {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  broken?: string;
}

const RUNS = 8;
const BUSINESS_REFUSALS = [404, 409, 412];
const REFUSALS = [400, 415, 422];
/**
 * Never generated: `wait` blocks up to 30 s per request (the test stays bounded); `cursor` is an
 * opaque token only the API mints (any other value is a documented 400).
 */
const NEVER_GENERATED = new Set(['wait', 'cursor']);

/**
 * The API's rules that JSON Schema cannot state, each described in the field's own description:
 * an end after its start, a calendar date that exists (and a legacy local time that exists in
 * the tenant's zone), an IANA zone, a cron expression, arithmetic's operands of one kind. A
 * generated valid body is brought in line with them; everything else comes from the schema.
 */
const DOMAIN = fc.record({
  start: fc.date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }),
  lengthMs: fc.integer({ min: 60_000, max: 90 * 86_400_000 }),
  zone: fc.constantFrom('UTC', 'Europe/Istanbul', 'America/New_York', 'Asia/Tokyo'),
  cron: fc.constantFrom('0 9 * * 1', '*/5 * * * *', '30 2 1 * *'),
  operands: fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 })),
});

type Domain = typeof DOMAIN extends fc.Arbitrary<infer D> ? D : never;

function withDomainRules(body: unknown, domain: Domain): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const b = { ...(body as Record<string, unknown>) };
  if ('startDate' in b) b.startDate = domain.start.toISOString();
  if ('endDate' in b) b.endDate = new Date(domain.start.getTime() + domain.lengthMs).toISOString();
  if ('timezone' in b) b.timezone = domain.zone;
  if ('cron' in b) b.cron = domain.cron;
  const params = b.params as Record<string, unknown> | undefined;
  if (b.name === 'arithmetic' && params && typeof params === 'object') b.params = { ...params, a: domain.operands[0], b: domain.operands[1] };
  return b;
}

describe('properties of every operation in /docs-json', () => {
  let product: Product;
  let a: TenantCredentials;
  let operations: Operation[];
  let schemas: SchemaArbitraries;

  beforeAll(async () => {
    // Valid samples include long sleeps: at the end, workers hand them back after 1 s instead of
    // waiting out the default grace (a split process must stop within the harness's 15 s).
    product = await Product.start({ RATE_LIMIT: 'off', JOBS_SHUTDOWN_GRACE_MS: '1000' });
    a = await tenantWithCredentials(product);
    const document = product.contract!.document;
    schemas = new SchemaArbitraries((document.components?.schemas ?? {}) as Record<string, JsonSchema>);
    operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  /** As a generated client does: an operation that only answers an event stream is asked for one (Accept cannot be a documented parameter). */
  const accept = (op: Operation): Record<string, string> => (op.operation.responses['200']?.content?.['text/event-stream'] ? { accept: 'text/event-stream' } : {});
  const credentials = (op: Operation) => (op.path.startsWith('/v1/admin/') && !op.path.includes('{slug}') ? a.headers.ops : a.headers.admin);
  const parameters = (op: Operation, where: string) => (op.operation.parameters ?? []).filter((p) => p.in === where && !NEVER_GENERATED.has(p.name));
  const bodySchema = (op: Operation) => op.operation.requestBody?.content['application/json']?.schema as JsonSchema | undefined;

  /** Path values: the tenant's own slug (so its routes are reached), the rest generated. */
  function pathValues(op: Operation): fc.Arbitrary<Record<string, string>> {
    return fc.record(Object.fromEntries(parameters(op, 'path').map((p) => [p.name, p.name === 'slug' ? fc.constant(a.tenant.slug) : schemas.valid(p.schema ?? { type: 'string' }).map(String)])));
  }

  function queryValues(op: Operation): fc.Arbitrary<Record<string, unknown>> {
    const query = parameters(op, 'query');
    return fc.record(Object.fromEntries(query.map((p) => [p.name, schemas.valid(p.schema ?? { type: 'string' })])), { requiredKeys: query.filter((p) => p.required).map((p) => p.name) });
  }

  function url(op: Operation, path: Record<string, string>, query: Record<string, unknown>): string {
    const filled = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path[name]!));
    const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== null && v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return search ? `${filled}?${search}` : filled;
  }

  function validSamples(op: Operation): fc.Arbitrary<Sample> {
    const body = bodySchema(op);
    return fc
      .record({ path: pathValues(op), query: queryValues(op), body: body ? schemas.valid(body) : fc.constant(undefined), domain: DOMAIN })
      .map((s) => ({ path: url(op, s.path, s.query), body: withDomainRules(s.body, s.domain) }));
  }

  /** One constraint broken: in one path or query parameter, in the body, or the body's media type. */
  function invalidSamples(op: Operation): fc.Arbitrary<Sample> | undefined {
    const valid = fc.record({ path: pathValues(op), query: queryValues(op), body: bodySchema(op) ? schemas.valid(bodySchema(op)!) : fc.constant(undefined) });
    const choices: fc.Arbitrary<Sample>[] = [];
    const bad = (where: string, name: string, broken: fc.Arbitrary<Broken> | undefined, place: (s: { path: Record<string, string>; query: Record<string, unknown>; body: unknown }, b: Broken) => Sample) => {
      if (broken) choices.push(fc.tuple(valid, broken).map(([s, b]) => ({ ...place(s, b), broken: `${where} ${name}: ${b.broken}` })));
    };
    for (const p of parameters(op, 'path').filter((p) => p.name !== 'slug')) {
      bad('path', p.name, schemas.invalid(p.schema ?? {}, true), (s, b) => ({ path: url(op, { ...s.path, [p.name]: String(b.value) }, s.query), body: s.body }));
    }
    for (const p of parameters(op, 'query')) {
      bad('query', p.name, schemas.invalid(p.schema ?? {}, true), (s, b) => ({ path: url(op, s.path, { ...s.query, [p.name]: b.value }), body: s.body }));
    }
    const body = bodySchema(op);
    if (body) {
      bad('body', '', schemas.invalid(body), (s, b) => ({ path: url(op, s.path, s.query), body: b.value }));
      choices.push(valid.map((s) => ({ path: url(op, s.path, s.query), body: JSON.stringify(s.body), headers: { 'content-type': 'text/plain' }, broken: 'media type text/plain' })));
    }
    return choices.length > 0 ? fc.oneof(...choices) : undefined;
  }

  async function send(op: Operation, sample: Sample) {
    return product.request(op.method, sample.path, { headers: { ...credentials(op), ...accept(op), ...sample.headers }, body: sample.body });
  }

  /** Runs a property per operation; the failures of all operations, one line each. */
  async function failuresOf(property: (op: Operation) => fc.IAsyncProperty<[Sample]> | undefined): Promise<string[]> {
    const failures: string[] = [];
    for (const op of operations) {
      const prop = property(op);
      if (!prop) continue;
      const result = await fc.check(prop, { numRuns: RUNS, endOnFailure: true });
      if (result.failed) failures.push(`${op.method} ${op.path}: ${String(result.errorInstance ?? '').split('\n')[0]} — ${JSON.stringify(result.counterexample?.[0])}`);
    }
    return failures;
  }

  it('accepts every request the document calls valid', async () => {
    const failures = await failuresOf((op) =>
      fc.asyncProperty(validSamples(op), async (sample) => {
        const res = await send(op, sample);
        if (!(res.status < 300 || BUSINESS_REFUSALS.includes(res.status))) throw new Error(`answered ${res.status} ${res.text.slice(0, 300)}`);
      }),
    );
    expect(failures).toEqual([]);
  }, 60_000);

  it('refuses every request that breaks one constraint the document states, with 400/415/422 problem+json', async () => {
    const failures = await failuresOf((op) => {
      const samples = invalidSamples(op);
      return samples && fc.asyncProperty(samples, async (sample) => {
        const res = await send(op, sample);
        const problem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json');
        if (!REFUSALS.includes(res.status) || !problem) throw new Error(`${sample.broken}: answered ${res.status} ${res.text.slice(0, 300)}`);
      });
    });
    expect(failures).toEqual([]);
  }, 60_000);
});
