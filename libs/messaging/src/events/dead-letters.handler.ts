import { Controller, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { deadLetterMessages, type DeadLetterHost, type DeadLetterRetry, type RequestOf } from '../contracts/index.js';
import type { RequestEnvelope } from '../envelope.js';
import type { DeadLetter } from './consumer.store.js';
import { EventConsumers } from './event-consumers.js';

/**
 * The messages through which a service lets operators see, retry and discard the dead letters
 * of its consumers (`consumers`: the schemas whose inbox and dead letters it owns).
 */
export function deadLettersHandler<H extends DeadLetterHost>(host: H, consumers: string[]): Type {
  const messages = deadLetterMessages(host);

  @Controller()
  class DeadLettersHandler {
    constructor(readonly events: EventConsumers) {}

    @MessagePattern(messages.list)
    async list({ data }: RequestEnvelope<RequestOf<`${DeadLetterHost}.dead-letters.list`>>): Promise<DeadLetter[]> {
      const lists = await Promise.all(consumers.map((c) => this.events.store(c).listDeadLetters(data.limit, data.before ?? undefined)));
      return lists.flat();
    }

    @MessagePattern(messages.retry)
    async retry({ data }: RequestEnvelope<{ id: string }>): Promise<DeadLetterRetry> {
      for (const consumer of consumers) {
        const outcome = await this.events.retryDeadLetter(consumer, data.id);
        if (outcome.found) return outcome;
      }
      return { found: false, handled: false, deadLetter: null };
    }

    @MessagePattern(messages.discard)
    async discard({ data }: RequestEnvelope<{ id: string }>): Promise<{ found: boolean }> {
      for (const consumer of consumers) if (await this.events.store(consumer).discardDeadLetter(data.id)) return { found: true };
      return { found: false };
    }
  }
  return DeadLettersHandler;
}
