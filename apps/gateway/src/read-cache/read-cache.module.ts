import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config.js';
import { CacheInvalidationHandler } from './cache-invalidation.handler.js';
import { CampaignReads } from './campaign-reads.js';
import { ReadCache } from './read-cache.js';

/**
 * The read cache of campaigns and events (in-process LRU in front of Redis, invalidated by
 * writes, domain events and broadcasts) and the reads that go through it. Global within the
 * process so the campaigns controllers inject CampaignReads; RedisService, MetricsService,
 * Broadcaster and MessagingClient come from the process's global modules.
 */
@Module({})
export class ReadCacheModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ReadCacheModule,
      global: true,
      controllers: [CacheInvalidationHandler],
      providers: [{ provide: GatewayConfig, useValue: config }, ReadCache, CampaignReads],
      exports: [ReadCache, CampaignReads],
    };
  }
}
