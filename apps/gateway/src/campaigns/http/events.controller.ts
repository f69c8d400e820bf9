import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { expectedVersions, requireUuid, RESPONSE_HEADERS, type RequestContext } from '#common';
import { CampaignsMessages, MessagingClient } from '#messaging';
import { Access, Ctx } from '../../access/access.decorators.js';
import { CampaignReadModel } from '../application/campaign-read-model.port.js';
import { CreateEventBody, EventPage, EventResponse, PatchEventBody } from './campaigns.dto.js';
import { changeRequest, createRequest } from './change-request.js';
import { CachedRead, WrittenResource } from './http-caching.interceptor.js';
import { eventPageRepresentation, eventRepresentation, eventView, EventView } from './http-resource.js';
import { listRequest } from './list-query.js';
import { ETagHeader, EVENT_LINKS, IdParam, IfMatch, ListQueries, ReadProblems, WriteProblems } from './openapi.js';

/** `/v1/events`: the events of campaigns, under the resource name the mobile apps already use. */
@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly client: MessagingClient,
    private readonly reads: CampaignReadModel,
  ) {}

  @Get('live')
  @Access('reader')
  @ApiOperation({ operationId: 'listLiveEvents', summary: 'List events live now', description: 'Across campaigns; startDate ≤ now < endDate; ordered by startDate, then id.' })
  @ListQueries(false)
  @CachedRead(EventPage, eventPageRepresentation)
  @ReadProblems({ 400: ['badLimit', 'badCursor'] })
  live(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.reads.liveEvents(ctx, listRequest(query, false));
  }

  @Get(':id')
  @Access('reader')
  @ApiOperation({ operationId: 'getEvent', summary: 'Get an event' })
  @IdParam('Event id')
  @CachedRead(EventResponse, eventRepresentation)
  @ReadProblems({ 400: ['badId'], 404: ['eventNotFound'] })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.reads.event(ctx, requireUuid(id));
  }

  @Post()
  @Access('editor')
  @ApiOperation({ operationId: 'createEvent', summary: 'Create an event in a campaign', description: 'The event must lie inside its campaign\'s window (409 otherwise).' })
  @ApiBody({ type: CreateEventBody })
  @ApiResponse({ status: 201, type: EventResponse, headers: { ...ETagHeader, ...RESPONSE_HEADERS.noStore, Location: { description: 'The new event', required: true, schema: { type: 'string' } } }, links: EVENT_LINKS })
  @WriteProblems({
    400: ['validation', 'unknownField', 'endBeforeStart', 'noOffset', 'dstGap', 'malformedJson'],
    404: ['unknownCampaign'],
    409: ['eventOutside', 'requestIdReused'],
    413: ['tooLarge'],
    415: ['mediaType'],
  })
  @WrittenResource()
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateEventBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventView> {
    requireUuid(body.campaignEventId, 'campaignEventId');
    const request = { ...createRequest(body, ctx), campaignEventId: body.campaignEventId };
    const view = eventView(await this.reads.write(ctx, () => this.client.send(CampaignsMessages.createEvent, request, ctx)));
    void reply.header('location', `/v1/events/${view.id}`);
    return view;
  }

  @Patch(':id')
  @Access('editor')
  @ApiOperation({
    operationId: 'changeEvent',
    summary: 'Change an event (rename, describe, reschedule)',
    description: 'Merge semantics; all or nothing; one new version. It must stay inside its campaign (409); it cannot move to another campaign (400).',
  })
  @IdParam('Event id')
  @IfMatch()
  @ApiBody({ type: PatchEventBody })
  @ApiOkResponse({ type: EventResponse, headers: { ...ETagHeader, ...RESPONSE_HEADERS.noStore } })
  @WriteProblems({
    400: ['validation', 'unknownField', 'endBeforeStart', 'noOffset', 'dstGap', 'badId', 'moveEvent', 'emptyPatch', 'malformedJson'],
    404: ['eventNotFound'],
    409: ['eventOutside'],
    412: ['stale'],
    413: ['tooLarge'],
    415: ['mediaType'],
  })
  @WrittenResource()
  async change(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: PatchEventBody, @Headers('if-match') ifMatch: string | undefined): Promise<EventView> {
    const request = changeRequest(requireUuid(id), body, expectedVersions(ifMatch, id), ctx);
    return eventView(await this.reads.write(ctx, () => this.client.send(CampaignsMessages.changeEvent, request, ctx)));
  }

  @Delete(':id')
  @Access('editor')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteEvent', summary: 'Delete an event' })
  @IdParam('Event id')
  @IfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @WriteProblems({ 400: ['badId'], 404: ['eventNotFound'], 412: ['stale'] })
  async remove(@Ctx() ctx: RequestContext, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    const request = { id: requireUuid(id), expectedVersions: expectedVersions(ifMatch, id) };
    await this.reads.write(ctx, () => this.client.send(CampaignsMessages.deleteEvent, request, ctx));
  }
}
