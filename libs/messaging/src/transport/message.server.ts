import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { DeadlineExceededError, inSpan, ServiceUnavailableError, SpanKind } from '#common';
import type { EventEnvelope, Reply, RequestEnvelope } from '../envelope.js';
import { encodeError, isUnexpected } from '../error-codec.js';
import { consumerOf } from '../events/consume-event.decorator.js';
import type { ReplyMemory } from './reply-memory.js';

/**
 * The service side of every transport: finds the @MessagePattern or @EventPattern handler Nest
 * registered, honours the request's deadline, and turns the outcome into a Reply. Transports
 * differ only in how envelopes reach `handleRequestEnvelope`; events reach handlers through
 * EventConsumers, whatever the request transport.
 */
export abstract class MessageServer extends Server implements CustomTransportStrategy {
  protected readonly log = new Logger(this.constructor.name);
  /** Set by the messaging module: remembers the replies of @IdempotentPattern handlers. */
  replies: ReplyMemory | null = null;

  handles(pattern: string): boolean {
    return this.messageHandlers.has(pattern);
  }

  /** Answers one request inside a server span continuing the caller's trace. */
  handleRequestEnvelope(envelope: RequestEnvelope): Promise<Reply> {
    const started = performance.now();
    const options = { kind: SpanKind.SERVER, traceparent: envelope.traceparent, requestId: envelope.requestId, attributes: { 'messaging.destination.name': envelope.type } };
    return inSpan(`handle ${envelope.type}`, options, async (span) => {
      const reply = await this.dispatchRequest(envelope).catch((error: unknown) => this.failed(envelope, error));
      const outcome = reply.ok ? 'ok' : reply.error.code;
      span.setAttribute('messaging.outcome', outcome);
      this.log.debug(`handled ${envelope.type}: ${outcome} in ${(performance.now() - started).toFixed(1)} ms`);
      return reply;
    });
  }

  private dispatchRequest(envelope: RequestEnvelope): Promise<Reply> {
    if (envelope.deadline < Date.now()) return Promise.resolve({ ok: false, error: encodeError(new DeadlineExceededError()) });
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler || handler.isEventHandler) {
      return Promise.resolve({ ok: false, error: encodeError(new ServiceUnavailableError(`Nothing here handles ${envelope.type}.`)) });
    }
    const run = () => this.run(handler, envelope);
    return handler.extras?.idempotent && this.replies ? this.replies.run(envelope, run) : run();
  }

  private async run(handler: MessageHandler, envelope: RequestEnvelope): Promise<Reply> {
    try {
      const result = await handler(envelope);
      return { ok: true, data: await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined }) };
    } catch (error) {
      return this.failed(envelope, error);
    }
  }

  /**
   * The reply of a request that threw. An unexpected error (not an AppError: a bug, a lost
   * database connection) crosses the transport without its text, so this is the one place that
   * can log its stack: once, here, where it happened (the gateway logs no decoded error again).
   */
  private failed(envelope: RequestEnvelope, error: unknown): Reply {
    if (isUnexpected(error)) this.log.error({ err: error, requestId: envelope.requestId, type: envelope.type }, `unexpected error handling ${envelope.type}`);
    return { ok: false, error: encodeError(error) };
  }

  /** For each consuming service here, the event types its @ConsumeEvent handlers take. */
  consumedTypes(): Map<string, Set<string>> {
    const consumed = new Map<string, Set<string>>();
    for (const [type, first] of this.messageHandlers) {
      for (let handler: MessageHandler | undefined = first; handler; handler = handler.next) {
        const consumer = handler.isEventHandler ? consumerOf(handler.extras) : undefined;
        if (consumer) consumed.set(consumer, (consumed.get(consumer) ?? new Set()).add(type));
      }
    }
    return consumed;
  }

  /** Runs every handler of one consuming service for an event; a failure rejects, so it is retried. */
  eventDispatcher(consumer: string): (event: EventEnvelope) => Promise<void> {
    return async (event) => {
      for (let handler = this.getHandlerByPattern(event.type) ?? undefined; handler; handler = handler.next) {
        if (consumerOf(handler.extras) !== consumer) continue;
        await lastValueFrom(this.transformToObservable(await handler(event)), { defaultValue: undefined });
      }
    };
  }

  on(): void {
    // No transport-level events to subscribe to.
  }
}
