import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
// @ts-expect-error: a plain ESM script of the repo (scripts/), typed by use only.
import { CONSOLE_SCHEMA, consoleSchema } from '../../scripts/console-api-client.mjs';
import { Product } from '../harness/product.js';

/**
 * The console's typed client (apps/console/src/api/schema.d.ts) is generated from the API's
 * OpenAPI document: generating it again from the /docs-json this deployment serves must give
 * exactly the committed file, in either runtime. A route, DTO or response changed without
 * regenerating fails here.
 */
describe("the console's typed API client", () => {
  let product: Product;

  beforeAll(async () => {
    product = await Product.start();
  });

  afterAll(async () => {
    await product?.stop();
  });

  it('is what openapi-typescript makes of the served /docs-json', async () => {
    const served = await product.get('/docs-json');
    expect(served.status).toBe(200);
    const generated: string = await consoleSchema(served.body);
    const committed = await readFile(CONSOLE_SCHEMA as string, 'utf8');
    if (generated !== committed) {
      throw new Error(`${CONSOLE_SCHEMA} is out of date with the API's OpenAPI document: run \`npm run console:api\` and commit the file.`);
    }
  });
});
