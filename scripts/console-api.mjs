// `npm run console:api`: regenerates the console's typed API client,
// apps/console/src/api/schema.d.ts, with openapi-typescript from the API's OpenAPI document.
// The document is built by the product itself without serving it (the gateway's modules are
// created, their routes read, and closed: no database, Redis or port is needed), so it is the
// document /docs-json serves. Run it after changing any route, DTO or response of the API;
// test/e2e/console-client.e2e-spec.ts fails while the committed file is out of date.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { CONSOLE_SCHEMA, consoleSchema } from './console-api-client.mjs';

execFileSync(process.execPath, ['scripts/ensure-built.mjs'], { stdio: 'inherit' });
const { gatewayOpenApiDocument } = await import('../dist/apps/gateway/src/openapi-document.js');
// The test environment: no development warnings, nothing logged; variables of the caller's
// shell that could change the document (none today) are left as they are.
const document = await gatewayOpenApiDocument({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
await writeFile(CONSOLE_SCHEMA, await consoleSchema(document));
process.stderr.write(`wrote ${CONSOLE_SCHEMA} (${Object.keys(document.paths).length} paths)\n`);
// Nothing was started, but a library may have left a timer behind: the script is done.
process.exit(0);
