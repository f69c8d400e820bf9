import { Injectable } from '@nestjs/common';
import { NotFoundError, type RequestContext } from '#common';
import type { EventData } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { EventRepository } from '../infrastructure/event.repository.js';
import { requireId } from './inputs.js';
import { eventData } from './views.js';

@Injectable()
export class GetEvent {
  constructor(private readonly events: EventRepository) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<EventData> {
    const id = requireId(input.id);
    const event = await this.events.findById(tenantOf(ctx), id);
    if (!event) throw new NotFoundError('Event', id);
    return eventData(event);
  }
}
