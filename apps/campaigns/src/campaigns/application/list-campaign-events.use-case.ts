import { Injectable } from '@nestjs/common';
import { mapPage, NotFoundError, tenantOf, type Page, type RequestContext, requireUuid } from '#common';
import type { EventData, ListRequest } from '#messaging';
import { CampaignStore } from './campaign-store.port.js';
import { EventStore } from './event-store.port.js';
import { listFilter } from './inputs.js';
import { eventData } from './views.js';

/** The events of one campaign (404 when the tenant has no such campaign), in start order. */
@Injectable()
export class ListCampaignEvents {
  constructor(
    private readonly campaigns: CampaignStore,
    private readonly events: EventStore,
  ) {}

  async execute(ctx: RequestContext, input: ListRequest & { id: string }): Promise<Page<EventData>> {
    const tenant = tenantOf(ctx);
    const id = requireUuid(input.id);
    const filter = listFilter(input);
    if (!(await this.campaigns.findById(tenant, id))) throw new NotFoundError('Campaign', id);
    return mapPage(await this.events.list(tenant, filter, { campaignId: id }), eventData);
  }
}
