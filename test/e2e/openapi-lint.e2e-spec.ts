import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Product } from '../harness/product.js';

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/**
 * `/docs-json` is what app developers generate clients from: it passes Redocly's `recommended`
 * lint without errors, and says precisely what the API accepts and answers.
 */
describe('OpenAPI document', () => {
  let product: Product;
  let doc: any;
  let dir: string;

  beforeAll(async () => {
    product = await Product.start();
    doc = (await product.get('/docs-json')).body;
    dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs `redocly lint --extends=recommended` on the document; its JSON report lists every problem. */
  async function lint(): Promise<Problem[]> {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const bin = join(process.cwd(), 'node_modules', '.bin', 'redocly');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const out = await new Promise<string>((resolve) => {
      // Exit code 1 means "errors found": the report says which, so it is read either way.
      execFile(bin, ['lint', '--extends=recommended', '--format=json', file], { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (_error, stdout) => resolve(stdout));
    });
    return (JSON.parse(out.slice(out.indexOf('{'))) as { problems: Problem[] }).problems;
  }

  it('passes Redocly lint (recommended) without errors', async () => {
    const errors = (await lint()).filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
  }, 120_000);

  const operations = () =>
    Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.entries<any>(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));

  it('names every operation readably and declares a server', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('declares every error answer with a problem+json example carrying its status and code', () => {
    const missing: string[] = [];
    for (const { name, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        const examples = Object.values<any>(response.content?.['application/problem+json']?.examples ?? {});
        if (examples.length === 0 || examples.some((e) => e.value.status !== Number(status) || !/^[A-Z_]+$/.test(e.value.code))) missing.push(`${name} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('types a job by its definition: params and result of each, told apart by name', () => {
    const job = doc.paths['/v1/jobs/{id}'].get.responses['200'].content['application/json'].schema;
    expect(job.discriminator.propertyName).toBe('name');
    const schemas = doc.components.schemas;
    const arithmetic = schemas[job.discriminator.mapping.arithmetic.split('/').pop()];
    expect(arithmetic.properties.result.oneOf.map((s: any) => s.type)).toEqual(['number', 'string']);
    const paramsOf = (schema: any) => schema.properties.params.allOf[0];
    expect(paramsOf(arithmetic).properties.op.enum).toEqual(['add', 'subtract', 'multiply', 'divide']);
    const sleep = schemas[job.discriminator.mapping.sleep.split('/').pop()];
    expect(paramsOf(sleep).properties.ms).toMatchObject({ type: 'integer', minimum: 0, maximum: 600000 });
    expect(sleep.properties.result.properties.sleptMs.type).toBe('integer');
    const report = schemas[job.discriminator.mapping['campaigns.report'].split('/').pop()];
    expect(Object.keys(report.properties.result.properties)).toEqual(['campaigns', 'events', 'generatedAt']);
    for (const [path, method, status] of [['/v1/jobs', 'post', '202'], ['/v1/jobs/{id}/cancel', 'post', '202'], ['/v1/jobs/{id}/retry', 'post', '202']]) {
      expect(doc.paths[path][method].responses[status].content['application/json'].schema).toEqual(job);
    }
    expect(doc.paths['/v1/jobs'].get.responses['200'].content['application/json'].schema.$ref).toBeDefined();
    const registration = doc.paths['/v1/jobs'].post.requestBody.content['application/json'].schema;
    expect(registration.discriminator.propertyName).toBe('name');
    // params may be left out only where the definition takes none ({} by default).
    const registrationOf = (name: string) => schemas[registration.discriminator.mapping[name].split('/').pop()];
    expect(registrationOf('arithmetic').required).toContain('params');
    expect(registrationOf('campaigns.report').required).not.toContain('params');
    expect(doc.paths['/v1/job-schedules'].post.requestBody.content['application/json'].schema.discriminator.propertyName).toBe('name');
  });

  it('states the constraints the server enforces', () => {
    const schemas = doc.components.schemas;
    const bodyOf = (path: string, method: string) => {
      const schema = doc.paths[path][method].requestBody.content['application/json'].schema;
      return (schema.oneOf ?? [schema]).map((s: any) => schemas[s.$ref.split('/').pop()]);
    };
    const bodies = operations().filter(({ op }) => op.requestBody).map(({ name }) => name);
    for (const name of bodies) {
      const [method, path] = name.split(' ');
      for (const schema of bodyOf(path!, method!.toLowerCase())) expect([name, schema.additionalProperties]).toEqual([name, false]);
    }
    expect(bodyOf('/v1/campaign-events/{id}', 'patch')[0].minProperties).toBe(1);
    expect(bodyOf('/v1/events/{id}', 'patch')[0].properties.campaignEventId).toBeUndefined();
    const pathIds = operations().flatMap(({ name, op }) => (op.parameters ?? []).filter((p: any) => p.in === 'path' && p.name === 'id').map((p: any) => [name, p.schema.format]));
    expect(pathIds.filter(([, format]) => format !== 'uuid')).toEqual([]);
    expect(schemas.CreateTenantBody.properties.slug.pattern).toBe('^[a-z0-9][a-z0-9-]{1,39}$');
    expect(schemas.CreateCampaignBody.properties.startDate.pattern).toBeDefined();
    const key = doc.paths['/v1/jobs'].post.parameters.find((p: any) => p.name === 'Idempotency-Key');
    expect(key.schema).toMatchObject({ minLength: 1, maxLength: 200 });
  });

  it('links each create to the operations on what it made', () => {
    const created = [
      ['/v1/campaign-events', 'post', '201'],
      ['/v1/events', 'post', '201'],
      ['/v1/jobs', 'post', '202'],
      ['/v1/job-schedules', 'post', '201'],
      ['/v1/admin/tenants/{slug}/api-keys', 'post', '201'],
      ['/v1/admin/tenants', 'post', '201'],
    ];
    const ids = new Set(operations().map(({ op }) => op.operationId));
    for (const [path, method, status] of created) {
      const links = Object.values<any>(doc.paths[path!][method!].responses[status!].links ?? {});
      expect([path, links.length > 0]).toEqual([path, true]);
      for (const link of links) expect(ids.has(link.operationId)).toBe(true);
    }
  });
});
