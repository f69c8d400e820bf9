import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext, requireUuid } from '#common';
import type { CampaignData } from '#messaging';
import { CampaignStore } from './campaign-store.port.js';
import { campaignData } from './views.js';

/** One campaign of the caller's tenant; another tenant's is as unknown as one that never was. */
@Injectable()
export class GetCampaign {
  constructor(private readonly campaigns: CampaignStore) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<CampaignData> {
    const id = requireUuid(input.id);
    const campaign = await this.campaigns.findById(tenantOf(ctx), id);
    if (!campaign) throw new NotFoundError('Campaign', id);
    return campaignData(campaign);
  }
}
