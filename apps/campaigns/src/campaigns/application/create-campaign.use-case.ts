import { Injectable } from '@nestjs/common';
import { tenantOf, type RequestContext } from '#common';
import { CampaignsEvents, UnitOfWork, type CampaignData, type CreateCampaignRequest } from '#messaging';
import { Campaign } from '../domain/campaign.js';
import { Schedule } from '../domain/schedule.js';
import { CampaignStore } from './campaign-store.port.js';
import { campaignData } from './views.js';

@Injectable()
export class CreateCampaign {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignStore,
  ) {}

  async execute(ctx: RequestContext, input: CreateCampaignRequest): Promise<CampaignData> {
    const campaign = Campaign.create({
      tenant: tenantOf(ctx),
      name: input.name,
      description: input.description,
      schedule: Schedule.parse(input.startDate, input.endDate),
    });
    return this.uow.run(ctx, async (tx) => {
      await this.campaigns.insert(tx, campaign);
      const data = campaignData(campaign);
      await tx.publish({ type: CampaignsEvents.campaignCreated, aggregateId: campaign.id, aggregateVersion: campaign.version, payload: data });
      return data;
    });
  }
}
