import { Injectable } from '@nestjs/common';
import type { RequestContext } from '#common';
import type { CampaignData, ListRequest, PageData } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { CampaignStore } from './campaign-store.port.js';
import { listFilter } from './inputs.js';
import { campaignData, pageData } from './views.js';

/** The tenant's campaigns by start date, then id; `status` is judged now, `q` matches the name. */
@Injectable()
export class ListCampaigns {
  constructor(private readonly campaigns: CampaignStore) {}

  async execute(ctx: RequestContext, input: ListRequest): Promise<PageData<CampaignData>> {
    const page = await this.campaigns.list(tenantOf(ctx), listFilter(input));
    return pageData(page, campaignData);
  }
}
