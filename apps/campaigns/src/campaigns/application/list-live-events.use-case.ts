import { Injectable } from '@nestjs/common';
import { mapPage, tenantOf, type Page, type RequestContext } from '#common';
import type { EventData, ListRequest } from '#messaging';
import { EventStore } from './event-store.port.js';
import { listFilter } from './inputs.js';
import { eventData } from './views.js';

/** The tenant's events live now, across its campaigns, by start date then id. */
@Injectable()
export class ListLiveEvents {
  constructor(private readonly events: EventStore) {}

  async execute(ctx: RequestContext, input: Omit<ListRequest, 'status'>): Promise<Page<EventData>> {
    const page = await this.events.list(tenantOf(ctx), listFilter({ ...input, status: 'live' }));
    return mapPage(page, eventData);
  }
}
