import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { CampaignStreamController } from './http/campaign-stream.controller.js';
import { LiveBoundaries } from './infrastructure/live-boundaries.js';
import { PushLog } from './infrastructure/push-log.js';
import { StreamHub } from './infrastructure/stream-hub.js';
import { CampaignChangesHandler } from './messaging/campaign-changes.handler.js';

/**
 * Live push to the apps: `GET /v1/campaign-events/stream` (Server-Sent Events). Owns the push
 * log in Redis (every tenant's changes and `live.changed` boundaries, in order, retained for
 * resumes), the consumer of the campaigns' domain events that invalidates the read cache and
 * then announces each change, the boundary clock, and this replica's open streams. The read
 * cache (ReadCache, CampaignReadModel) is global; tenants come from identity.
 */
@Module({
  imports: [IdentityModule],
  controllers: [CampaignStreamController, CampaignChangesHandler],
  providers: [PushLog, StreamHub, LiveBoundaries],
})
export class PushModule {}
