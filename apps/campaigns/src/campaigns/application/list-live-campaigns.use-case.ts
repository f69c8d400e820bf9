import { Injectable } from '@nestjs/common';
import type { RequestContext } from '#common';
import type { CampaignData, ListRequest, PageData } from '#messaging';
import { ListCampaigns } from './list-campaigns.use-case.js';

/** What the mobile apps show most: the campaigns live right now (start ≤ now < end). */
@Injectable()
export class ListLiveCampaigns {
  constructor(private readonly listCampaigns: ListCampaigns) {}

  execute(ctx: RequestContext, input: Omit<ListRequest, 'status'>): Promise<PageData<CampaignData>> {
    return this.listCampaigns.execute(ctx, { ...input, status: 'live' });
  }
}
