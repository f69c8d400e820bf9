import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, loadConfig } from '#common';
import { CampaignsHttpModule } from './campaigns/campaigns-http.module.js';
import { JobsHttpModule } from './jobs/jobs-http.module.js';
import { DeadLettersController } from './dead-letters/dead-letters.controller.js';
import { ManageDeadLetters } from './dead-letters/manage-dead-letters.use-case.js';
import { EDGE_CONTROLLERS, EDGE_PROVIDERS } from './edge.providers.js';
import { GatewayConfig } from './gateway.config.js';
import { GATEWAY_DATABASE } from './gateway.database.js';
import { CheckDeploymentHealth } from './health/check-deployment-health.use-case.js';
import { DeploymentHealthController } from './health/deployment-health.controller.js';
import { ReadCacheModule } from './read-cache/read-cache.module.js';

/**
 * The only HTTP edge of the API (schema `identity`): authentication, tenants and API keys,
 * rate limits, validation, HTTP caching, the audit trail, the deployment's health and the
 * OpenAPI docs. It forwards to the campaigns and jobs services through libs/messaging.
 */
@Module({})
export class GatewayAppModule {
  static readonly docs = {
    title: 'Campaigns platform API',
    description: 'Campaigns and events for shopping-center mobile apps; jobs and administration for staff and operators.',
  };

  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadConfig(GatewayConfig, env);
    return {
      module: GatewayAppModule,
      imports: [DatabaseModule.forApp(GATEWAY_DATABASE), ReadCacheModule.forRoot(config), CampaignsHttpModule, JobsHttpModule],
      controllers: [DeploymentHealthController, DeadLettersController, ...EDGE_CONTROLLERS],
      providers: [{ provide: GatewayConfig, useValue: config }, CheckDeploymentHealth, ManageDeadLetters, ...EDGE_PROVIDERS],
    };
  }
}
