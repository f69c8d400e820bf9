import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, loadConfig } from '#common';
import { CampaignsMessages, OutboxModule, serviceHealthHandler } from '#messaging';
import { CampaignsConfig } from './campaigns.config.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { CAMPAIGNS_DATABASE } from './campaigns.database.js';

/**
 * The campaigns-and-events bounded context (schema `marketing`): the campaigns and events that
 * mobile apps read and marketing staff edit, and the domain events their changes raise.
 */
@Module({})
export class CampaignsAppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadConfig(CampaignsConfig, env);
    const outbox = OutboxModule.forDataSource(CAMPAIGNS_DATABASE.schema);
    return {
      module: CampaignsAppModule,
      imports: [
        DatabaseModule.forApp(CAMPAIGNS_DATABASE),
        outbox,
        CampaignsModule.withOutbox(outbox),
      ],
      controllers: [serviceHealthHandler(CampaignsMessages.health)],
      providers: [{ provide: CampaignsConfig, useValue: config }],
    };
  }
}
