import { DynamicModule, Module } from '@nestjs/common';
import { ChangeCampaign } from './application/change-campaign.use-case.js';
import { ChangeEvent } from './application/change-event.use-case.js';
import { CreateCampaign } from './application/create-campaign.use-case.js';
import { CountByStatus } from './application/count-by-status.use-case.js';
import { CreateEvent } from './application/create-event.use-case.js';
import { DeleteCampaign } from './application/delete-campaign.use-case.js';
import { DeleteEvent } from './application/delete-event.use-case.js';
import { DescribeCampaign } from './application/describe-campaign.use-case.js';
import { DescribeEvent } from './application/describe-event.use-case.js';
import { GetCampaign } from './application/get-campaign.use-case.js';
import { GetEvent } from './application/get-event.use-case.js';
import { ListCampaignEvents } from './application/list-campaign-events.use-case.js';
import { ListCampaigns } from './application/list-campaigns.use-case.js';
import { ListLiveCampaigns } from './application/list-live-campaigns.use-case.js';
import { ListLiveEvents } from './application/list-live-events.use-case.js';
import { NextScheduleBoundary } from './application/next-boundary.use-case.js';
import { RenameCampaign } from './application/rename-campaign.use-case.js';
import { RenameEvent } from './application/rename-event.use-case.js';
import { RescheduleCampaign } from './application/reschedule-campaign.use-case.js';
import { RescheduleEvent } from './application/reschedule-event.use-case.js';
import { BoundaryRepository } from './infrastructure/boundary.repository.js';
import { CampaignEntity } from './infrastructure/campaign.entity.js';
import { CampaignRepository } from './infrastructure/campaign.repository.js';
import { MarketingCampaignsAndEvents1764000000000 } from './infrastructure/campaigns.migration.js';
import { EventEntity } from './infrastructure/event.entity.js';
import { EventRepository } from './infrastructure/event.repository.js';
import { CampaignsHandler } from './messaging/campaigns.handler.js';
import { CountByStatusHandler } from './messaging/count-by-status.handler.js';

export const campaignsEntities = [CampaignEntity, EventEntity];
export const campaignsMigrations = [MarketingCampaignsAndEvents1764000000000];

/**
 * Campaigns and their events: domain (invariants), application (one use case per verb),
 * infrastructure (tenant-scoped repositories, entities, migration) and the message handlers.
 * The DataSource comes from CampaignsAppModule; so does the outbox module (the same instance, so
 * there is one UnitOfWork and one relay for schema `marketing`).
 */
@Module({})
export class CampaignsModule {
  static withOutbox(outbox: DynamicModule): DynamicModule {
    return { module: CampaignsModule, imports: [outbox], controllers: [CampaignsHandler, CountByStatusHandler], providers };
  }
}

const providers = [
    CampaignRepository,
    EventRepository,
    CreateCampaign,
    GetCampaign,
    ListCampaigns,
    ListLiveCampaigns,
    ListCampaignEvents,
    ChangeCampaign,
    RenameCampaign,
    DescribeCampaign,
    RescheduleCampaign,
    DeleteCampaign,
    CreateEvent,
    GetEvent,
    ListLiveEvents,
    ChangeEvent,
    RenameEvent,
    DescribeEvent,
    RescheduleEvent,
    DeleteEvent,
    BoundaryRepository,
    NextScheduleBoundary,
    CountByStatus,
];
