import { Module } from '@nestjs/common';
import { CampaignEventsController } from './http/campaign-events.controller.js';
import { EventsController } from './http/events.controller.js';

/**
 * The HTTP doors of campaigns (`/v1/campaign-events`) and events (`/v1/events`), with their
 * HTTP caching. Reads go to the CampaignReadModel port, which the read cache's global module
 * binds; writes go to the campaigns service through libs/messaging.
 */
@Module({ controllers: [CampaignEventsController, EventsController] })
export class CampaignsHttpModule {}
