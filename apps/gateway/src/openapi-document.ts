import { buildOpenApiDocument, loadConfig, PlatformModule } from '#common';
import { MessagingModule } from '#messaging';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GatewayAppModule } from './gateway-app.module.js';
import { GatewayConfig } from './gateway.config.js';

/**
 * The API's OpenAPI document, as the gateway (and the monolith, which composes the gateway's
 * root module) serves it at /docs-json, built without serving it: for `npm run console:api`,
 * which generates the console's typed client from it. Nothing is connected or started.
 */
export function gatewayOpenApiDocument(env: NodeJS.ProcessEnv = process.env): Promise<OpenAPIObject> {
  const config = loadConfig(GatewayConfig, env);
  return buildOpenApiDocument(
    [PlatformModule.forRoot({ config, requiredDependencies: [] }), MessagingModule.forRoot('in-process'), GatewayAppModule.forRoot(env)],
    GatewayAppModule.docs,
  );
}
