import { DynamicModule, Module } from '@nestjs/common';
import { CampaignReadModel } from '../campaigns/application/campaign-read-model.port.js';
import { GatewayConfig } from '../gateway.config.js';
import { CacheInvalidationHandler } from './cache-invalidation.handler.js';
import { CachedCampaignReads } from './cached-campaign-reads.js';
import { ReadCache } from './read-cache.js';

/**
 * The read cache of campaigns and events (in-process LRU in front of Redis, invalidated by
 * writes, domain events and broadcasts), bound as the campaigns' CampaignReadModel. Global
 * within the process so the campaigns controllers inject the port (and their HTTP caching the
 * config); RedisService, MetricsService, Broadcaster and MessagingClient come from the
 * process's global modules.
 */
@Module({})
export class ReadCacheModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ReadCacheModule,
      global: true,
      controllers: [CacheInvalidationHandler],
      providers: [{ provide: GatewayConfig, useValue: config }, ReadCache, { provide: CampaignReadModel, useClass: CachedCampaignReads }],
      exports: [GatewayConfig, CampaignReadModel],
    };
  }
}
