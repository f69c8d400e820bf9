import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, endRequestSpan, type RequestContext } from '#common';
import { Access, Ctx } from '../../access/access.decorators.js';
import { acceptsEventStream } from '../domain/push-message.js';
import type { AuthenticatedRequest } from '../../auth/access.guard.js';
import type { Credentials } from '../../auth/authenticator.js';
import { type StreamHolder, StreamHub } from '../infrastructure/stream-hub.js';
import { STREAM_DESCRIPTION, STREAM_EXAMPLES, STREAM_HEADERS, STREAM_PROBLEMS } from './stream.openapi.js';

/**
 * `GET /v1/campaign-events/stream`: the live stream of the caller's tenant (Server-Sent
 * Events). A thin door: it checks the Accept header, takes a place within the limits, and
 * hands the response to the StreamHub, which writes it until either side ends it.
 */
@ApiTags('campaigns')
@ApiSecurity('api-key')
@ApiSecurity('staff')
@Controller('v1/campaign-events')
export class CampaignStreamController {
  constructor(private readonly hub: StreamHub) {}

  @Get('stream')
  @Access('reader')
  @ApiOperation({ operationId: 'streamCampaignChanges', summary: 'Follow changes live (Server-Sent Events)', description: STREAM_DESCRIPTION })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The `id` of the last message received: the stream starts with every message since (or `reset` when they are no longer kept).',
    schema: { type: 'string', example: '1764403200000-0' },
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'The stream: messages as they happen, heartbeat comments, no end.', headers: STREAM_HEADERS, content: { 'text/event-stream': { schema: { type: 'string' }, examples: STREAM_EXAMPLES } } })
  @STREAM_PROBLEMS
  async stream(@Ctx() ctx: RequestContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Headers('last-event-id') lastEventId?: string): Promise<void> {
    if (!acceptsEventStream(request.headers.accept)) {
      throw new AppError('not_acceptable', 'NOT_ACCEPTABLE', 'This route answers an event stream only: send Accept: text/event-stream.');
    }
    const holder = streamHolder(ctx, (request as AuthenticatedRequest).credentials);
    this.hub.admit(holder);
    reply.hijack();
    endRequestSpan(request);
    await this.hub.open(holder, reply.raw, streamHeaders(reply.getHeaders()), lastEventId);
  }
}

/**
 * Headers that govern a document a browser renders (its scripts, frames, referrers, window
 * group) are left off a stream, which is never rendered: node keeps a response's header block
 * for the response's life, so on a stream each header is memory held for half an hour (the
 * block was 2.4 kB of the 12 kB a stream held, bench/push.bench.mjs). The stream keeps the rest:
 * nosniff, HSTS, CORP, the request id, the rate-limit headers.
 */
const DOCUMENT_ONLY_HEADERS = new Set([
  'content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'origin-agent-cluster', 'referrer-policy',
  'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]);

function streamHeaders(headers: Record<string, unknown>): Record<string, string | string[] | number> {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !DOCUMENT_ONLY_HEADERS.has(name))) as Record<string, string | string[] | number>;
}

/**
 * Who holds the stream, and for how long its credentials allow it: a token until it expires, an
 * API key until it is revoked (the hub checks keys again on every heartbeat). The guard lets
 * only a tenant's API key or staff through ('reader'): the tenant is set.
 */
function streamHolder(ctx: RequestContext, credentials: Credentials | undefined): StreamHolder {
  const holder: StreamHolder = { tenant: ctx.tenant as string, holder: `${ctx.actor.kind}:${ctx.actor.id}` };
  if (credentials?.kind === 'api-key') holder.apiKeyHash = credentials.hash;
  if (credentials?.kind === 'token' && credentials.claims.expiresAt !== undefined) holder.validUntil = credentials.claims.expiresAt;
  return holder;
}
