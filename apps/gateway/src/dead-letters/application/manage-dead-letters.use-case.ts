import { Injectable } from '@nestjs/common';
import { NotFoundError, TIME_ID_CURSOR, toPage } from '#common';
import type { Page, RequestContext, TimeIdKey } from '#common';
import { DEAD_LETTER_HOSTS, DeadLetterDesk, deadLetterMessages, EventConsumers, MessagingClient } from '#messaging';
import type { DeadLetter, DeadLetterRetry } from '#messaging';
import { GATEWAY_DATABASE } from '../../gateway.database.js';

/**
 * Operators' view of the dead letters of every consuming service: each service keeps its own
 * (beside its data). The gateway's own consumers are read here directly; the other hosts are
 * asked over the transport; their answers are merged newest first.
 */
@Injectable()
export class ManageDeadLetters {
  private readonly own: DeadLetterDesk;

  constructor(
    private readonly client: MessagingClient,
    events: EventConsumers,
  ) {
    this.own = new DeadLetterDesk(events, [GATEWAY_DATABASE.schema]);
  }

  async list(ctx: RequestContext, limit: number, before: TimeIdKey | null): Promise<Page<DeadLetter>> {
    const request = { limit: limit + 1, before };
    const lists = await Promise.all([
      this.own.list(request.limit, before),
      ...DEAD_LETTER_HOSTS.map((host) => this.client.send(deadLetterMessages(host).list, request, ctx)),
    ]);
    const merged = lists.flat().sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt) || b.id.localeCompare(a.id));
    return toPage(merged, limit, TIME_ID_CURSOR, (d): TimeIdKey => ({ at: d.lastFailedAt, id: d.id }), (d) => d);
  }

  async retry(ctx: RequestContext, id: string): Promise<DeadLetterRetry> {
    const own = await this.own.retry(id);
    if (own.found) return own;
    for (const host of DEAD_LETTER_HOSTS) {
      const outcome = await this.client.send(deadLetterMessages(host).retry, { id }, ctx);
      if (outcome.found) return outcome;
    }
    throw new NotFoundError('Dead letter', id);
  }

  async discard(ctx: RequestContext, id: string): Promise<void> {
    if ((await this.own.discard(id)).found) return;
    for (const host of DEAD_LETTER_HOSTS) if ((await this.client.send(deadLetterMessages(host).discard, { id }, ctx)).found) return;
    throw new NotFoundError('Dead letter', id);
  }
}
