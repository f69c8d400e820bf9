import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { Product } from '../harness/product.js';

/** `/docs-json` documents every campaigns and events endpoint, each status, each error with an example. */
describe('OpenAPI of campaigns and events', () => {
  let product: Product;
  let doc: any;

  beforeAll(async () => {
    product = await Product.start();
    doc = (await product.get('/docs-json')).body;
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('is a valid OpenAPI 3 document', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    // Validated by @apidevtools/swagger-parser in a plain Node process (it is ESM that Jest's loader cannot require).
    const script = `import SwaggerParser from '@apidevtools/swagger-parser';
      let input = ''; for await (const chunk of process.stdin) input += chunk;
      await SwaggerParser.validate(JSON.parse(input)); console.log('valid');`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() }, (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(stdout),
      );
      child.stdin!.end(JSON.stringify(doc));
    });
    expect(out.trim()).toBe('valid');
  });

  const expected: [string, string, string[]][] = [
    ['get', '/v1/campaign-events', ['200', '400', '401', '403', '429', '503', '504']],
    ['post', '/v1/campaign-events', ['201', '400', '401', '403', '413', '415', '429', '503', '504']],
    ['get', '/v1/campaign-events/live', ['200', '400', '401', '403']],
    ['get', '/v1/campaign-events/{id}', ['200', '400', '401', '403', '404']],
    ['patch', '/v1/campaign-events/{id}', ['200', '400', '401', '403', '404', '409', '412', '413', '415']],
    ['delete', '/v1/campaign-events/{id}', ['204', '400', '401', '403', '404', '412']],
    ['get', '/v1/campaign-events/{id}/events', ['200', '400', '401', '403', '404']],
    ['get', '/v1/events/live', ['200', '400', '401', '403']],
    ['get', '/v1/events/{id}', ['200', '400', '401', '403', '404']],
    ['post', '/v1/events', ['201', '400', '401', '403', '404', '409', '413', '415']],
    ['patch', '/v1/events/{id}', ['200', '400', '401', '403', '404', '409', '412']],
    ['delete', '/v1/events/{id}', ['204', '400', '401', '403', '404', '412']],
  ];

  it.each(expected)('%s %s answers its statuses, every error with a problem+json example carrying its code', (method, path, statuses) => {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(statuses));
    for (const [status, response] of Object.entries<any>(operation.responses)) {
      if (Number(status) < 400) continue;
      const examples = response.content?.['application/problem+json']?.examples ?? {};
      expect(Object.keys(examples).length).toBeGreaterThan(0);
      for (const example of Object.values<any>(examples)) {
        expect(example.value).toMatchObject({ status: Number(status), code: expect.stringMatching(/^[A-Z_]+$/) });
      }
    }
  });

  it('names the rule codes clients rely on', () => {
    const text = JSON.stringify(doc);
    for (const code of ['EVENT_OUTSIDE_CAMPAIGN', 'EVENTS_OUTSIDE_CAMPAIGN', 'PRECONDITION_FAILED', 'VALIDATION_FAILED', 'NOT_FOUND']) expect(text).toContain(code);
    expect(doc.paths['/v1/campaign-events/{id}'].patch.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'If-Match']));
    expect(doc.paths['/v1/campaign-events'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['status', 'q', 'limit', 'cursor']));
  });
});
