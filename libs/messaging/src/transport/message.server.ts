import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { DeadlineExceededError, ServiceUnavailableError } from '#common';
import type { EventEnvelope, Reply, RequestEnvelope } from '../envelope.js';
import { encodeError, isWireError } from '../error-codec.js';

/**
 * The service side of every transport: finds the @MessagePattern or @EventPattern handler Nest
 * registered, honours the request's deadline, and turns the outcome into a Reply. Transports
 * differ only in how envelopes reach `handleRequestEnvelope` and `handleEventEnvelope`.
 */
export abstract class MessageServer extends Server implements CustomTransportStrategy {
  protected readonly log = new Logger(this.constructor.name);

  handles(pattern: string): boolean {
    return this.messageHandlers.has(pattern);
  }

  async handleRequestEnvelope(envelope: RequestEnvelope): Promise<Reply> {
    if (envelope.deadline < Date.now()) return { ok: false, error: encodeError(new DeadlineExceededError()) };
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler || handler.isEventHandler) {
      return { ok: false, error: encodeError(new ServiceUnavailableError(`Nothing here handles ${envelope.type}.`)) };
    }
    try {
      const result = await handler(envelope);
      return { ok: true, data: await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined }) };
    } catch (error) {
      return { ok: false, error: isWireError(error) ? error : encodeError(error) };
    }
  }

  /** Runs every handler of the event's type; a failure rejects, so the caller can retry. */
  async handleEventEnvelope(event: EventEnvelope): Promise<void> {
    let handler: MessageHandler | undefined = this.getHandlerByPattern(event.type) ?? undefined;
    while (handler) {
      const result = await handler(event);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      handler = handler.next;
    }
  }

  on(): void {
    // No transport-level events to subscribe to.
  }
}
