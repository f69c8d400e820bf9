import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, HTTP_EDGE, loadConfig } from '#common';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CampaignsHttpModule } from './campaigns/campaigns-http.module.js';
import { ConsoleModule } from './console/console.module.js';
import type { ConsoleOptions } from './console/console.settings.js';
import { DeadLettersModule } from './dead-letters/dead-letters.module.js';
import { GatewayEdge } from './gateway-edge.js';
import { GatewayConfig } from './gateway.config.js';
import { GATEWAY_DATABASE } from './gateway.database.js';
import { DeploymentHealthModule } from './health/deployment-health.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { JobsHttpModule } from './jobs/jobs-http.module.js';
import { PushModule } from './push/push.module.js';
import { ReadCacheModule } from './read-cache/read-cache.module.js';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module.js';

/**
 * The only HTTP edge of the API (schema `identity`): authentication, tenants and API keys,
 * rate limits, validation, HTTP caching, the audit trail, the deployment's health and the
 * OpenAPI docs, and the staff console's files. It forwards to the campaigns and jobs services
 * through libs/messaging.
 * Global, so each of its modules gets the gateway's configuration and its part of the HTTP edge.
 */
@Module({})
export class GatewayAppModule {
  static readonly docs = {
    title: 'Campaigns platform API',
    description: 'Campaigns and events for shopping-center mobile apps; jobs and administration for staff and operators.',
  };

  /** `options` says what else the composition root runs in this process (the monolith: the queue dashboard). */
  static forRoot(env: NodeJS.ProcessEnv = process.env, options: ConsoleOptions = {}): DynamicModule {
    const config = loadConfig(GatewayConfig, env);
    return {
      module: GatewayAppModule,
      global: true,
      imports: [DatabaseModule.forApp(GATEWAY_DATABASE), IdentityModule, AuthModule, AuditModule, ReadCacheModule, CampaignsHttpModule, PushModule, JobsHttpModule, WebhooksHttpModule, DeadLettersModule, DeploymentHealthModule, ConsoleModule.forRoot(config, options)],
      providers: [{ provide: GatewayConfig, useValue: config }, GatewayEdge, { provide: HTTP_EDGE, useExisting: GatewayEdge }],
      exports: [GatewayConfig, GatewayEdge],
    };
  }
}
