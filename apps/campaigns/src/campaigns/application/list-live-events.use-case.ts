import { Injectable } from '@nestjs/common';
import type { RequestContext } from '#common';
import type { EventData, ListRequest, PageData } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { EventStore } from './event-store.port.js';
import { listFilter } from './inputs.js';
import { eventData, pageData } from './views.js';

/** The tenant's events live now, across its campaigns, by start date then id. */
@Injectable()
export class ListLiveEvents {
  constructor(private readonly events: EventStore) {}

  async execute(ctx: RequestContext, input: Omit<ListRequest, 'status'>): Promise<PageData<EventData>> {
    const page = await this.events.list(tenantOf(ctx), listFilter({ ...input, status: 'live' }));
    return pageData(page, eventData);
  }
}
