import { Injectable } from '@nestjs/common';
import { NotFoundError, type RequestContext } from '#common';
import type { EventData, ListRequest, PageData } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { CampaignRepository } from '../infrastructure/campaign.repository.js';
import { EventRepository } from '../infrastructure/event.repository.js';
import { listFilter, requireId } from './inputs.js';
import { eventData, pageData } from './views.js';

/** The events of one campaign (404 when the tenant has no such campaign), in start order. */
@Injectable()
export class ListCampaignEvents {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly events: EventRepository,
  ) {}

  async execute(ctx: RequestContext, input: ListRequest & { id: string }): Promise<PageData<EventData>> {
    const tenant = tenantOf(ctx);
    const id = requireId(input.id);
    const filter = listFilter(input);
    if (!(await this.campaigns.findById(tenant, id))) throw new NotFoundError('Campaign', id);
    return pageData(await this.events.list(tenant, filter, { campaignId: id }), eventData);
  }
}
