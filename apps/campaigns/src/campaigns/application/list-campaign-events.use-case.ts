import { Injectable } from '@nestjs/common';
import { NotFoundError, type RequestContext } from '#common';
import type { EventData, ListRequest, PageData } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { CampaignStore } from './campaign-store.port.js';
import { EventStore } from './event-store.port.js';
import { listFilter, requireId } from './inputs.js';
import { eventData, pageData } from './views.js';

/** The events of one campaign (404 when the tenant has no such campaign), in start order. */
@Injectable()
export class ListCampaignEvents {
  constructor(
    private readonly campaigns: CampaignStore,
    private readonly events: EventStore,
  ) {}

  async execute(ctx: RequestContext, input: ListRequest & { id: string }): Promise<PageData<EventData>> {
    const tenant = tenantOf(ctx);
    const id = requireId(input.id);
    const filter = listFilter(input);
    if (!(await this.campaigns.findById(tenant, id))) throw new NotFoundError('Campaign', id);
    return pageData(await this.events.list(tenant, filter, { campaignId: id }), eventData);
  }
}
