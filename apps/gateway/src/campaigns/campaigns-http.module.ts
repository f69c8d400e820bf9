import { Module } from '@nestjs/common';
import { CampaignEventsController } from './campaign-events.controller.js';
import { EventsController } from './events.controller.js';

/** The HTTP doors of campaigns (`/v1/campaign-events`) and events (`/v1/events`). */
@Module({ controllers: [CampaignEventsController, EventsController] })
export class CampaignsHttpModule {}
