import { Global, Module } from '@nestjs/common';
import { CampaignReadModel } from '../campaigns/application/campaign-read-model.port.js';
import { CachedCampaignReads } from './infrastructure/cached-campaign-reads.js';
import { ReadCache } from './infrastructure/read-cache.js';

/**
 * The read cache of campaigns and events (in-process LRU in front of Redis, invalidated by
 * writes, domain events and broadcasts), bound as the campaigns' CampaignReadModel. The domain
 * events reach it through the push module's handler, which announces each change only after
 * the cache dropped what it held (push/messaging/campaign-changes.handler.ts). Global
 * within the process so the campaigns controllers inject the port without importing this
 * module; RedisService, MetricsService, Broadcaster and MessagingClient come from the
 * process's global modules.
 */
@Global()
@Module({
  providers: [ReadCache, { provide: CampaignReadModel, useClass: CachedCampaignReads }],
  exports: [CampaignReadModel, ReadCache],
})
export class ReadCacheModule {}
