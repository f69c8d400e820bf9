import { Controller, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { TimeIdKey } from '#common';
import { deadLetterMessages, type DeadLetterHost, type DeadLetterRetry, type RequestOf } from '../contracts/index.js';
import type { RequestEnvelope } from '../envelope.js';
import type { DeadLetter } from './consumer.store.js';
import { EventConsumers } from './event-consumers.js';

/** The dead letters of some consumers of this process: list, retry, discard. */
export class DeadLetterDesk {
  constructor(
    private readonly events: EventConsumers,
    private readonly consumers: readonly string[],
  ) {}

  async list(limit: number, before: TimeIdKey | null): Promise<DeadLetter[]> {
    const lists = await Promise.all(this.consumers.map((c) => this.events.store(c).listDeadLetters(limit, before ?? undefined)));
    return lists.flat();
  }

  async retry(id: string): Promise<DeadLetterRetry> {
    for (const consumer of this.consumers) {
      const outcome = await this.events.retryDeadLetter(consumer, id);
      if (outcome.found) return outcome;
    }
    return { found: false, handled: false, deadLetter: null };
  }

  async discard(id: string): Promise<{ found: boolean }> {
    for (const consumer of this.consumers) if (await this.events.store(consumer).discardDeadLetter(id)) return { found: true };
    return { found: false };
  }
}

/**
 * The messages through which a service other than the gateway lets operators see, retry and
 * discard the dead letters of its consumers (`consumers`: the schemas whose inbox and dead
 * letters it owns). The gateway reads its own through a DeadLetterDesk, without a message.
 */
export function deadLettersHandler<H extends DeadLetterHost>(host: H, consumers: string[]): Type {
  const messages = deadLetterMessages(host);

  @Controller()
  class DeadLettersHandler {
    private readonly desk: DeadLetterDesk;

    constructor(events: EventConsumers) {
      this.desk = new DeadLetterDesk(events, consumers);
    }

    @MessagePattern(messages.list)
    list({ data }: RequestEnvelope<RequestOf<`${DeadLetterHost}.dead-letters.list`>>): Promise<DeadLetter[]> {
      return this.desk.list(data.limit, data.before);
    }

    @MessagePattern(messages.retry)
    retry({ data }: RequestEnvelope<{ id: string }>): Promise<DeadLetterRetry> {
      return this.desk.retry(data.id);
    }

    @MessagePattern(messages.discard)
    discard({ data }: RequestEnvelope<{ id: string }>): Promise<{ found: boolean }> {
      return this.desk.discard(data.id);
    }
  }
  return DeadLettersHandler;
}
