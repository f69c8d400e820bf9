import { Injectable } from '@nestjs/common';
import { NotFoundError, type RequestContext } from '#common';
import { CampaignsEvents, UnitOfWork, type CampaignData, type ChangeRequest } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { CampaignRepository } from '../infrastructure/campaign.repository.js';
import { DescribeCampaign } from './describe-campaign.use-case.js';
import { checkPrecondition, requireId, requireSomeChange } from './inputs.js';
import { RenameCampaign } from './rename-campaign.use-case.js';
import { RescheduleCampaign } from './reschedule-campaign.use-case.js';
import { campaignData } from './views.js';

/**
 * A PATCH of a campaign: dispatches to the explicit use cases it names (rename, describe,
 * reschedule) inside one transaction, so a PATCH is all or nothing, makes one new version and
 * raises one `campaign.updated` that says what changed.
 *
 * Concurrency: the row is read `FOR UPDATE`, so concurrent PATCHes queue up and each applies
 * its changes to the version the previous one committed (no lost edit); `If-Match` is checked
 * against that locked version (412 when stale); the UPDATE names the version it read as well.
 */
@Injectable()
export class ChangeCampaign {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly rename: RenameCampaign,
    private readonly describe: DescribeCampaign,
    private readonly reschedule: RescheduleCampaign,
  ) {}

  async execute(ctx: RequestContext, input: ChangeRequest): Promise<CampaignData> {
    const tenant = tenantOf(ctx);
    const id = requireId(input.id);
    requireSomeChange(input);
    return this.uow.run(ctx, async (tx) => {
      const campaign = await this.campaigns.findById(tenant, id, { manager: tx.manager, lock: 'update' });
      if (!campaign) throw new NotFoundError('Campaign', id);
      checkPrecondition(campaign.version, input.expectedVersions);
      const readVersion = campaign.version;
      if (input.rename) this.rename.apply(campaign, input.rename);
      if (input.describe) this.describe.apply(campaign, input.describe);
      if (input.reschedule) await this.reschedule.apply(tx, campaign, input.reschedule);
      campaign.commit();
      await this.campaigns.update(tx.manager, campaign, readVersion);
      const data = campaignData(campaign);
      await tx.publish({
        type: CampaignsEvents.campaignUpdated,
        aggregateId: campaign.id,
        aggregateVersion: campaign.version,
        payload: { ...data, changed: campaign.changed },
      });
      return data;
    });
  }
}
