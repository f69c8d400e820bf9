import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Page } from '#common';
import {
  CampaignsMessages,
  contextOf,
  IdempotentPattern,
  type CampaignData,
  type EventData,
  type NextBoundary,
  type RequestEnvelope,
  type RequestOf,
} from '#messaging';
import { ChangeCampaign } from '../application/change-campaign.use-case.js';
import { ChangeEvent } from '../application/change-event.use-case.js';
import { CreateCampaign } from '../application/create-campaign.use-case.js';
import { CreateEvent } from '../application/create-event.use-case.js';
import { DeleteCampaign } from '../application/delete-campaign.use-case.js';
import { DeleteEvent } from '../application/delete-event.use-case.js';
import { GetCampaign } from '../application/get-campaign.use-case.js';
import { GetEvent } from '../application/get-event.use-case.js';
import { ListCampaignEvents } from '../application/list-campaign-events.use-case.js';
import { ListCampaigns } from '../application/list-campaigns.use-case.js';
import { ListLiveEvents } from '../application/list-live-events.use-case.js';
import { NextScheduleBoundary } from '../application/next-boundary.use-case.js';

type In<P extends keyof typeof CampaignsMessages> = RequestEnvelope<RequestOf<(typeof CampaignsMessages)[P]>>;

/**
 * The campaigns service's door: each message pattern calls one use case, nothing else. The same
 * handlers serve the monolith (in process) and split mode (over Redis).
 */
@Controller()
export class CampaignsHandler {
  constructor(
    private readonly createCampaign: CreateCampaign,
    private readonly getCampaign: GetCampaign,
    private readonly listCampaigns: ListCampaigns,
    private readonly listCampaignEvents: ListCampaignEvents,
    private readonly changeCampaign: ChangeCampaign,
    private readonly deleteCampaign: DeleteCampaign,
    private readonly createEvent: CreateEvent,
    private readonly getEvent: GetEvent,
    private readonly listLiveEvents: ListLiveEvents,
    private readonly changeEvent: ChangeEvent,
    private readonly deleteEvent: DeleteEvent,
    private readonly nextBoundary: NextScheduleBoundary,
  ) {}

  @IdempotentPattern(CampaignsMessages.createCampaign)
  onCreateCampaign(envelope: In<'createCampaign'>): Promise<CampaignData> {
    return this.createCampaign.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.getCampaign)
  onGetCampaign(envelope: In<'getCampaign'>): Promise<CampaignData> {
    return this.getCampaign.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.listCampaigns)
  onListCampaigns(envelope: In<'listCampaigns'>): Promise<Page<CampaignData>> {
    return this.listCampaigns.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.listCampaignEvents)
  onListCampaignEvents(envelope: In<'listCampaignEvents'>): Promise<Page<EventData>> {
    return this.listCampaignEvents.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.changeCampaign)
  onChangeCampaign(envelope: In<'changeCampaign'>): Promise<CampaignData> {
    return this.changeCampaign.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.deleteCampaign)
  onDeleteCampaign(envelope: In<'deleteCampaign'>): Promise<{ deleted: true }> {
    return this.deleteCampaign.execute(contextOf(envelope), envelope.data);
  }

  @IdempotentPattern(CampaignsMessages.createEvent)
  onCreateEvent(envelope: In<'createEvent'>): Promise<EventData> {
    return this.createEvent.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.getEvent)
  onGetEvent(envelope: In<'getEvent'>): Promise<EventData> {
    return this.getEvent.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.listLiveEvents)
  onListLiveEvents(envelope: In<'listLiveEvents'>): Promise<Page<EventData>> {
    return this.listLiveEvents.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.changeEvent)
  onChangeEvent(envelope: In<'changeEvent'>): Promise<EventData> {
    return this.changeEvent.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.deleteEvent)
  onDeleteEvent(envelope: In<'deleteEvent'>): Promise<{ deleted: true }> {
    return this.deleteEvent.execute(contextOf(envelope), envelope.data);
  }

  @MessagePattern(CampaignsMessages.nextBoundary)
  onNextBoundary(envelope: In<'nextBoundary'>): Promise<NextBoundary> {
    return this.nextBoundary.execute(contextOf(envelope));
  }
}
