import { Injectable } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { activeTraceparent, inSpan, newId, PlatformConfig, RequestContext, SpanKind } from '#common';
import type { Pattern, RequestOf, ResponseOf } from './contracts/index.js';
import type { RequestEnvelope } from './envelope.js';
import { encodeError } from './error-codec.js';
import { MessagingMetrics } from './messaging.metrics.js';
import { EnvelopeClient } from './transport/envelope.client.js';

/**
 * The one way a caller (the gateway) asks a service for something: typed by the contracts, with
 * the caller's tenant, actor and trace in the envelope. Whatever the transport (a ClientProxy),
 * the call has a deadline, and a failure comes back as the same AppError the service threw.
 */
@Injectable()
export class MessagingClient {
  constructor(
    private readonly client: EnvelopeClient,
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
      try {
        const data = (await lastValueFrom(this.client.send<ResponseOf<P>>(pattern, envelope), { defaultValue: undefined })) as ResponseOf<P>;
        stop({ outcome: 'ok' });
        return data;
      } catch (error) {
        const { code } = encodeError(error);
        stop({ outcome: code });
        span.setAttribute('error.type', code);
        throw error;
      }
    });
  }
}
