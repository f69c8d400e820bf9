import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, loadConfig } from '#common';
import { CampaignsMessages, OutboxModule, messagingMigrations, serviceHealthHandler } from '#messaging';
import { CampaignsConfig } from './campaigns.config.js';
import { campaignsEntities, campaignsMigrations, CampaignsModule } from './campaigns/campaigns.module.js';

/**
 * The campaigns-and-events bounded context (schema `marketing`): the campaigns and events that
 * mobile apps read and marketing staff edit, and the domain events their changes raise.
 */
@Module({})
export class CampaignsAppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadConfig(CampaignsConfig, env);
    const outbox = OutboxModule.forDataSource('marketing');
    return {
      module: CampaignsAppModule,
      imports: [
        DatabaseModule.forApp({
          schema: 'marketing',
          entities: [...campaignsEntities],
          migrations: [...messagingMigrations('marketing'), ...campaignsMigrations],
        }),
        outbox,
        CampaignsModule.withOutbox(outbox),
      ],
      controllers: [serviceHealthHandler(CampaignsMessages.health)],
      providers: [{ provide: CampaignsConfig, useValue: config }],
    };
  }
}
