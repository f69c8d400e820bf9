// The one way the console's typed API client is generated from an OpenAPI document: used by
// `npm run console:api` (scripts/console-api.mjs) and by the drift test
// (test/e2e/console-client.e2e-spec.ts), so both make the same text from the same document.
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const CONSOLE_SCHEMA = 'apps/console/src/api/schema.d.ts';

/** apps/console/src/api/schema.d.ts's text for `document` (an OpenAPI object, not a file). */
export async function consoleSchema(document) {
  // The banner the openapi-typescript command writes (its programmatic API leaves it out).
  return COMMENT_HEADER + astToString(await openapiTS(document));
}
