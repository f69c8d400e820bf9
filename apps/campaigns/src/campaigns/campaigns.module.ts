import { DynamicModule, Module } from '@nestjs/common';
import { CampaignStore } from './application/campaign-store.port.js';
import { ChangeCampaign } from './application/change-campaign.use-case.js';
import { ChangeEvent } from './application/change-event.use-case.js';
import { CountByStatus } from './application/count-by-status.use-case.js';
import { CreateCampaign } from './application/create-campaign.use-case.js';
import { CreateEvent } from './application/create-event.use-case.js';
import { DeleteCampaign } from './application/delete-campaign.use-case.js';
import { DeleteEvent } from './application/delete-event.use-case.js';
import { EventStore } from './application/event-store.port.js';
import { GetCampaign } from './application/get-campaign.use-case.js';
import { GetEvent } from './application/get-event.use-case.js';
import { ListCampaignEvents } from './application/list-campaign-events.use-case.js';
import { ListCampaigns } from './application/list-campaigns.use-case.js';
import { ListLiveEvents } from './application/list-live-events.use-case.js';
import { NextScheduleBoundary } from './application/next-boundary.use-case.js';
import { ScheduleSummary } from './application/schedule-summary.port.js';
import { CampaignRepository } from './infrastructure/campaign.repository.js';
import { MarketingCampaignsAndEvents1764000000000 } from './infrastructure/campaigns.migration.js';
import { EventRepository } from './infrastructure/event.repository.js';
import { ScheduleSummaryRepository } from './infrastructure/schedule-summary.repository.js';
import { CampaignsHandler } from './messaging/campaigns.handler.js';
import { CountByStatusHandler } from './messaging/count-by-status.handler.js';

export const campaignsMigrations = [MarketingCampaignsAndEvents1764000000000];

/**
 * Campaigns and their events: domain (invariants), application (one use case per verb, and the
 * ports it reaches storage through), infrastructure (the tenant-scoped raw-SQL repositories that
 * implement those ports, and the migration) and the message handlers.
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
  { provide: CampaignStore, useClass: CampaignRepository },
  { provide: EventStore, useClass: EventRepository },
  { provide: ScheduleSummary, useClass: ScheduleSummaryRepository },
  CreateCampaign,
  GetCampaign,
  ListCampaigns,
  ListCampaignEvents,
  ChangeCampaign,
  DeleteCampaign,
  CreateEvent,
  GetEvent,
  ListLiveEvents,
  ChangeEvent,
  DeleteEvent,
  NextScheduleBoundary,
  CountByStatus,
];
