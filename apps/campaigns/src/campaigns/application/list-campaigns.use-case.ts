import { Injectable } from '@nestjs/common';
import { mapPage, tenantOf, type Page, type RequestContext } from '#common';
import type { CampaignData, ListRequest } from '#messaging';
import { CampaignStore } from './campaign-store.port.js';
import { listFilter } from './inputs.js';
import { campaignData } from './views.js';

/** The tenant's campaigns by start date, then id; `status` is judged now, `q` matches the name. */
@Injectable()
export class ListCampaigns {
  constructor(private readonly campaigns: CampaignStore) {}

  async execute(ctx: RequestContext, input: ListRequest): Promise<Page<CampaignData>> {
    const page = await this.campaigns.list(tenantOf(ctx), listFilter(input));
    return mapPage(page, campaignData);
  }
}
