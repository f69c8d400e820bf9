import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, createdLinks, examplesOf, expectedVersions, fieldProblem, listQuery, problem, queryParam, RESPONSE_HEADERS, requireUuid, ValidationError, type RequestContext } from '#common';
import { DELIVERY_STATUSES, WebhookMessages, MessagingClient, type ChangeWebhookRequest, type CreatedWebhookData, type CreateWebhookRequest, type DeliveryStatus, type WebhookData } from '#messaging';
import { Access, Ctx } from '../../access/access.decorators.js';
import {
  CreatedWebhookResponse,
  CreateWebhookBody,
  PatchWebhookBody,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookPageResponse,
  WebhookResponse,
} from './webhooks.dto.js';

const LIMIT = ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } });
const CURSOR = ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } });
const ID = ApiParam({ name: 'id', format: 'uuid', description: 'Webhook id (any RFC 9562 UUID; malformed: 400)' });
const DELIVERY_ID = ApiParam({ name: 'deliveryId', format: 'uuid', description: 'Delivery id, the `webhook-id` header (any RFC 9562 UUID; malformed: 400)' });
const WEBHOOK_ID = '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70';
const BAD_URL = examplesOf(fieldProblem('A URL the deployment refuses', 'url', 'must not point at a private or reserved address (10.0.0.8 is a private address)'));
const CONFLICTS = {
  WEBHOOK_LIMIT_REACHED: { summary: 'The tenant has as many webhooks as it may', value: problem(409, 'WEBHOOK_LIMIT_REACHED', 'A tenant may have at most 20 webhooks; delete one first.', { limit: 20 }, '/v1/webhooks') },
  DELIVERY_IN_PROGRESS: {
    summary: 'The delivery is still being attempted',
    value: problem(409, 'DELIVERY_IN_PROGRESS', `Delivery ${WEBHOOK_ID} is still being attempted (failed); replay it once it is delivered or dead.`, {}, `/v1/webhooks/${WEBHOOK_ID}/deliveries/${WEBHOOK_ID}/replay`),
  },
};
const STALE = examplesOf({
  summary: 'If-Match names a version that is not the current one',
  value: problem(412, 'PRECONDITION_FAILED', 'The resource has changed since the version named in If-Match.', {}, `/v1/webhooks/${WEBHOOK_ID}`),
});
const PATCH_FIELDS = ['url', 'eventTypes', 'format', 'enabled', 'description'] as const;
const ETAG = { ETag: { description: 'Strong entity tag `"<id>:<version>"`; send it back in If-Match.', required: true, schema: { type: 'string' } } };
const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The ETag you last read (or `*`). When the webhook has another version since (an admin changed it, or the product disabled it): 412. Without it, the change applies to the current version.',
});

/** Sets the webhook's ETag on the answer (`"<id>:<version>"`, the form If-Match reads). */
function tagged<T extends WebhookData>(reply: FastifyReply, webhook: T): T {
  void reply.header('etag', `"${webhook.id}:${webhook.version}"`);
  return webhook;
}

/**
 * `/v1/webhooks`: a tenant admin's subscriptions to the campaigns' and events' changes, and
 * their delivery logs; thin doors to the jobs service, whose workers deliver.
 */
@ApiTags('webhooks')
@ApiSecurity('staff')
@ApiExtraModels(WebhookResponse, CreatedWebhookResponse, WebhookDeliveryResponse)
@Controller()
export class WebhooksController {
  constructor(private readonly client: MessagingClient) {}

  @Post('v1/webhooks')
  @Access('admin')
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to campaign and event changes',
    description:
      'Answers 201 with the webhook and its signing `secret`, shown only here. Deliveries follow the Standard Webhooks specification (webhook-id, webhook-timestamp, webhook-signature). A tenant has at most WEBHOOKS_MAX_PER_TENANT (default 20) webhooks: one more is a 409 WEBHOOK_LIMIT_REACHED.',
  })
  @ApiResponse({
    status: 201,
    type: CreatedWebhookResponse,
    headers: { ...RESPONSE_HEADERS.location, ...RESPONSE_HEADERS.noStore },
    links: createdLinks({ getWebhook: 'The webhook', listWebhookDeliveries: 'Its delivery log' }),
  })
  @ApiProblems(400, { 400: BAD_URL }, 401, 403, { 409: examplesOf(CONFLICTS.WEBHOOK_LIMIT_REACHED) }, 413, 415, 429, 503)
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateWebhookBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedWebhookData> {
    const request: CreateWebhookRequest = {
      url: body.url,
      eventTypes: body.eventTypes as CreateWebhookRequest['eventTypes'],
      ...(body.format !== undefined ? { format: body.format as CreateWebhookRequest['format'] } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
    };
    const webhook = await this.client.send(WebhookMessages.create, request, ctx);
    void reply.status(201).header('location', `/v1/webhooks/${webhook.id}`).header('cache-control', 'no-store');
    return webhook;
  }

  @Get('v1/webhooks')
  @Access('admin')
  @ApiOperation({ operationId: 'listWebhooks', summary: "The tenant's webhooks, newest first", description: 'Without their secrets.' })
  @LIMIT
  @CURSOR
  @ApiResponse({ status: 200, type: WebhookPageResponse })
  @ApiProblems(400, 401, 403, 429, 503)
  list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.client.send(WebhookMessages.list, listQuery(query), ctx);
  }

  @Get('v1/webhooks/:id')
  @Access('admin')
  @ApiOperation({ operationId: 'getWebhook', summary: 'A webhook', description: "Without its secret; `disabledReason` says why the product disabled it. 404 for another tenant's." })
  @ID
  @ApiResponse({ status: 200, type: WebhookResponse, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async get(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<WebhookData> {
    return tagged(reply, await this.client.send(WebhookMessages.get, { id: requireUuid(id) }, ctx));
  }

  @Patch('v1/webhooks/:id')
  @Access('admin')
  @ApiOperation({
    operationId: 'changeWebhook',
    summary: 'Change a webhook',
    description:
      'Merge semantics: fields present are set, `description: null` clears it. `enabled: true` re-enables a webhook the product disabled and clears `disabledReason`. If-Match (optional) guards against a change made since you read it: 412.',
  })
  @ID
  @IF_MATCH
  @ApiResponse({ status: 200, type: WebhookResponse, headers: ETAG })
  @ApiProblems(400, { 400: BAD_URL }, 401, 403, 404, { 412: STALE }, 413, 415, 429, 503)
  async change(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: PatchWebhookBody,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookData> {
    const request: ChangeWebhookRequest = { id: requireUuid(id) };
    for (const field of PATCH_FIELDS) if (body[field] !== undefined) Object.assign(request, { [field]: body[field] });
    if (Object.keys(request).length === 1) throw ValidationError.field('body', `must set at least one of ${PATCH_FIELDS.join(', ')}`);
    const versions = expectedVersions(ifMatch, request.id);
    if (versions !== undefined) request.expectedVersions = versions;
    return tagged(reply, await this.client.send(WebhookMessages.change, request, ctx));
  }

  @Delete('v1/webhooks/:id')
  @Access('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Delete a webhook', description: 'With its delivery log; deliveries waiting for a retry are dropped.' })
  @ID
  @IF_MATCH
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblems(400, 401, 403, 404, { 412: STALE }, 429, 503)
  async remove(@Ctx() ctx: RequestContext, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    const webhookId = requireUuid(id);
    const versions = expectedVersions(ifMatch, webhookId);
    await this.client.send(WebhookMessages.delete, { id: webhookId, ...(versions !== undefined ? { expectedVersions: versions } : {}) }, ctx);
  }

  @Post('v1/webhooks/:id/rotate-secret')
  @Access('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: "Rotate a webhook's signing secret",
    description:
      'Answers the webhook with its new `secret`, shown only here. The previous secret stays valid for WEBHOOKS_SECRET_GRACE_MS (default 24 h, `previousSecretExpiresAt`): meanwhile every delivery carries both signatures in webhook-signature, space-separated.',
  })
  @ID
  @ApiResponse({ status: 200, type: CreatedWebhookResponse, headers: { ...RESPONSE_HEADERS.noStore, ...ETAG } })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async rotateSecret(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedWebhookData> {
    const webhook = await this.client.send(WebhookMessages.rotateSecret, { id: requireUuid(id) }, ctx);
    void reply.header('cache-control', 'no-store');
    return tagged(reply, webhook);
  }

  @Get('v1/webhooks/:id/deliveries')
  @Access('admin')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: "A webhook's deliveries, newest first", description: '`status=dead` lists the deliveries no attempt follows (replay them).' })
  @ID
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...DELIVERY_STATUSES] } })
  @LIMIT
  @CURSOR
  @ApiResponse({ status: 200, type: WebhookDeliveryPageResponse })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  deliveries(@Ctx() ctx: RequestContext, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.client.send(WebhookMessages.listDeliveries, { id: requireUuid(id), ...listQuery(query), ...deliveryStatus(query) }, ctx);
  }

  @Post('v1/webhooks/:id/deliveries/:deliveryId/replay')
  @Access('admin')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayWebhookDelivery',
    summary: 'Deliver again',
    description: 'A delivered or dead delivery gets a new series of attempts, with the same `webhook-id` (receivers deduplicate on it). 409 DELIVERY_IN_PROGRESS while it is still being attempted.',
  })
  @ID
  @DELIVERY_ID
  @ApiResponse({ status: 202, type: WebhookDeliveryResponse })
  @ApiProblems(400, 401, 403, 404, { 409: examplesOf(CONFLICTS.DELIVERY_IN_PROGRESS) }, 429, 503)
  replay(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    return this.client.send(WebhookMessages.replayDelivery, { id: requireUuid(id), deliveryId: requireUuid(deliveryId, 'deliveryId') }, ctx);
  }
}

function deliveryStatus(query: Record<string, unknown>): { status?: DeliveryStatus } {
  const raw = queryParam(query, 'status');
  if (raw === undefined) return {};
  if (!(DELIVERY_STATUSES as readonly string[]).includes(raw)) throw ValidationError.field('status', `must be one of ${DELIVERY_STATUSES.join(', ')}`);
  return { status: raw as DeliveryStatus };
}
