import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext, requireUuid } from '#common';
import type { EventData } from '#messaging';
import { EventStore } from './event-store.port.js';
import { eventData } from './views.js';

@Injectable()
export class GetEvent {
  constructor(private readonly events: EventStore) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<EventData> {
    const id = requireUuid(input.id);
    const event = await this.events.findById(tenantOf(ctx), id);
    if (!event) throw new NotFoundError('Event', id);
    return eventData(event);
  }
}
