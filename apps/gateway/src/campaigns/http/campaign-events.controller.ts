import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { expectedVersions, RESPONSE_HEADERS, type RequestContext, requireUuid } from '#common';
import { CampaignsMessages, MessagingClient } from '#messaging';
import { Access, Ctx } from '../../access/access.decorators.js';
import { CampaignReadModel } from '../application/campaign-read-model.port.js';
import { CampaignPage, CampaignResponse, CreateCampaignBody, EventPage, PatchCampaignBody } from './campaigns.dto.js';
import { changeRequest, createRequest } from './change-request.js';
import { CachedRead, WrittenResource } from './http-caching.interceptor.js';
import { campaignPageRepresentation, campaignRepresentation, campaignView, CampaignView, eventPageRepresentation } from './http-resource.js';
import { listRequest } from './list-query.js';
import { CAMPAIGN_LINKS, ETagHeader, IdParam, IfMatch, ListQueries, ReadProblems, WriteProblems } from './openapi.js';

/**
 * `/v1/campaign-events`: event campaigns, under the resource name the mobile apps already use.
 * A thin door: it checks the request's form, reads dates in the tenant's zone, and forwards to
 * the campaigns service, where every rule lives. Reads come from the CampaignReadModel; answers
 * carry `status`, judged at response time, and HttpCachingInterceptor's headers.
 */
@ApiTags('campaigns')
@ApiExtraModels(CampaignResponse)
@Controller('v1/campaign-events')
export class CampaignEventsController {
  constructor(
    private readonly client: MessagingClient,
    private readonly reads: CampaignReadModel,
  ) {}

  @Get()
  @Access('reader')
  @ApiOperation({ operationId: 'listCampaigns', summary: 'List campaigns', description: 'Ordered by startDate, then id. Cursor pagination stable under inserts.' })
  @ListQueries(true)
  @CachedRead(CampaignPage, campaignPageRepresentation)
  @ReadProblems({ 400: ['badLimit', 'badCursor', 'badStatus'] })
  list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.reads.campaigns(ctx, listRequest(query));
  }

  @Get('live')
  @Access('reader')
  @ApiOperation({ operationId: 'listLiveCampaigns', summary: 'List campaigns live now', description: 'startDate ≤ now < endDate; ordered by startDate, then id.' })
  @ListQueries(false)
  @CachedRead(CampaignPage, campaignPageRepresentation)
  @ReadProblems({ 400: ['badLimit', 'badCursor'] })
  live(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.reads.liveCampaigns(ctx, listRequest(query, false));
  }

  @Get(':id')
  @Access('reader')
  @ApiOperation({ operationId: 'getCampaign', summary: 'Get a campaign' })
  @IdParam('Campaign id')
  @CachedRead(CampaignResponse, campaignRepresentation)
  @ReadProblems({ 400: ['badId'], 404: ['notFound'] })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.reads.campaign(ctx, requireUuid(id));
  }

  @Get(':id/events')
  @Access('reader')
  @ApiOperation({ operationId: 'listCampaignEvents', summary: "List a campaign's events", description: 'Ordered by startDate, then id.' })
  @IdParam('Campaign id')
  @ListQueries(true)
  @CachedRead(EventPage, eventPageRepresentation)
  @ReadProblems({ 400: ['badId', 'badLimit', 'badCursor', 'badStatus'], 404: ['notFound'] })
  events(@Ctx() ctx: RequestContext, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const request = listRequest(query);
    return this.reads.campaignEvents(ctx, requireUuid(id), request);
  }

  @Post()
  @Access('editor')
  @ApiOperation({ operationId: 'createCampaign', summary: 'Create a campaign' })
  @ApiBody({ type: CreateCampaignBody })
  @ApiResponse({ status: 201, type: CampaignResponse, headers: { ...ETagHeader, ...RESPONSE_HEADERS.noStore, Location: { description: 'The new campaign', required: true, schema: { type: 'string' } } }, links: CAMPAIGN_LINKS })
  @WriteProblems({ 400: ['validation', 'unknownField', 'endBeforeStart', 'noOffset', 'dstGap', 'malformedJson'], 409: ['requestIdReused'], 413: ['tooLarge'], 415: ['mediaType'] })
  @WrittenResource()
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateCampaignBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<CampaignView> {
    const request = createRequest(body, ctx);
    const view = campaignView(await this.reads.write(ctx, () => this.client.send(CampaignsMessages.createCampaign, request, ctx)));
    void reply.header('location', `/v1/campaign-events/${view.id}`);
    return view;
  }

  @Patch(':id')
  @Access('editor')
  @ApiOperation({
    operationId: 'changeCampaign',
    summary: 'Change a campaign (rename, describe, reschedule)',
    description: 'Merge semantics; all or nothing; one new version. A changed startDate/endDate is a reschedule: refused (409) when events would fall outside.',
  })
  @IdParam('Campaign id')
  @IfMatch()
  @ApiBody({ type: PatchCampaignBody })
  @ApiOkResponse({ type: CampaignResponse, headers: { ...ETagHeader, ...RESPONSE_HEADERS.noStore } })
  @WriteProblems({
    400: ['validation', 'unknownField', 'endBeforeStart', 'noOffset', 'dstGap', 'badId', 'emptyPatch', 'malformedJson'],
    404: ['notFound'],
    409: ['eventsOutside'],
    412: ['stale'],
    413: ['tooLarge'],
    415: ['mediaType'],
  })
  @WrittenResource()
  async change(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: PatchCampaignBody, @Headers('if-match') ifMatch: string | undefined): Promise<CampaignView> {
    const request = changeRequest(requireUuid(id), body, expectedVersions(ifMatch, id), ctx);
    return campaignView(await this.reads.write(ctx, () => this.client.send(CampaignsMessages.changeCampaign, request, ctx)));
  }

  @Delete(':id')
  @Access('editor')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteCampaign', summary: 'Delete a campaign and its events' })
  @IdParam('Campaign id')
  @IfMatch()
  @ApiNoContentResponse({ description: 'Deleted, with its events' })
  @WriteProblems({ 400: ['badId'], 404: ['notFound'], 412: ['stale'] })
  async remove(@Ctx() ctx: RequestContext, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    const request = { id: requireUuid(id), expectedVersions: expectedVersions(ifMatch, id) };
    await this.reads.write(ctx, () => this.client.send(CampaignsMessages.deleteCampaign, request, ctx));
  }
}

