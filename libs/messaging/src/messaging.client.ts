import { Inject, Injectable } from '@nestjs/common';
import { activeTraceparent, AppError, DeadlineExceededError, inSpan, newId, PlatformConfig, RequestContext, SpanKind } from '#common';
import type { Pattern, RequestOf, ResponseOf } from './contracts/index.js';
import { bounded } from './bounded.js';
import type { RequestEnvelope } from './envelope.js';
import { decodeError, encodeError } from './error-codec.js';
import { MessagingMetrics } from './messaging.metrics.js';
import { REQUEST_TRANSPORT, type RequestTransport } from './transport/transport.js';

/**
 * The one way a caller (the gateway) asks a service for something. Whatever the transport,
 * the call has a deadline, and a failure comes back as the same AppError the service threw.
 */
@Injectable()
export class MessagingClient {
  constructor(
    @Inject(REQUEST_TRANSPORT) private readonly transport: RequestTransport,
    private readonly config: PlatformConfig,
    private readonly metrics: MessagingMetrics,
  ) {}

  /** A client span around the request; its context travels in the envelope's `traceparent`. */
  send<P extends Pattern>(
    pattern: P,
    data: RequestOf<P>,
    ctx: RequestContext,
    timeoutMs = this.config.REQUEST_TIMEOUT_MS,
  ): Promise<ResponseOf<P>> {
    return inSpan(`send ${pattern}`, { kind: SpanKind.CLIENT, attributes: { 'messaging.destination.name': pattern } }, async (span) => {
      const envelope: RequestEnvelope<RequestOf<P>> = {
        id: newId(),
        type: pattern,
        tenant: ctx.tenant,
        requestId: ctx.requestId,
        traceparent: activeTraceparent(),
        actor: ctx.actor,
        deadline: Date.now() + timeoutMs,
        data,
      };
      const stop = this.metrics.requestDuration.startTimer({ pattern });
      const reply = await bounded(this.transport.request(envelope), timeoutMs, () => new DeadlineExceededError()).catch((error: AppError) => ({ ok: false as const, error: encodeError(error) }));
      stop({ outcome: reply.ok ? 'ok' : reply.error.code });
      if (reply.ok) return reply.data as ResponseOf<P>;
      const error = decodeError(reply.error);
      span.setAttribute('error.type', reply.error.code);
      throw error;
    });
  }
}
