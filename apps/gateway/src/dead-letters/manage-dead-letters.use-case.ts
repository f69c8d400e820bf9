import { Injectable } from '@nestjs/common';
import { NotFoundError, TIME_ID_CURSOR, toPage } from '#common';
import type { Page, RequestContext, TimeIdKey } from '#common';
import { DEAD_LETTER_HOSTS, deadLetterMessages, MessagingClient } from '#messaging';
import type { DeadLetter, DeadLetterRetry } from '#messaging';

/**
 * Operators' view of the dead letters of every consuming service: each service keeps its own
 * (beside its data); this asks all of them and merges their answers newest first.
 */
@Injectable()
export class ManageDeadLetters {
  constructor(private readonly client: MessagingClient) {}

  async list(ctx: RequestContext, limit: number, before: TimeIdKey | null): Promise<Page<DeadLetter>> {
    const lists = await Promise.all(
      DEAD_LETTER_HOSTS.map((host) => this.client.send(deadLetterMessages(host).list, { limit: limit + 1, before }, ctx)),
    );
    const merged = lists.flat().sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt) || b.id.localeCompare(a.id));
    return toPage(merged, limit, TIME_ID_CURSOR, (d): TimeIdKey => ({ at: d.lastFailedAt, id: d.id }), (d) => d);
  }

  async retry(ctx: RequestContext, id: string): Promise<DeadLetterRetry> {
    for (const host of DEAD_LETTER_HOSTS) {
      const outcome = await this.client.send(deadLetterMessages(host).retry, { id }, ctx);
      if (outcome.found) return outcome;
    }
    throw new NotFoundError('Dead letter', id);
  }

  async discard(ctx: RequestContext, id: string): Promise<void> {
    for (const host of DEAD_LETTER_HOSTS) if ((await this.client.send(deadLetterMessages(host).discard, { id }, ctx)).found) return;
    throw new NotFoundError('Dead letter', id);
  }
}
