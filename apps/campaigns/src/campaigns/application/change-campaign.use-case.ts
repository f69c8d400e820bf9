import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext, requireUuid } from '#common';
import { CampaignsEvents, UnitOfWork, type CampaignData, type ChangeRequest } from '#messaging';
import { CampaignStore } from './campaign-store.port.js';
import { EventStore } from './event-store.port.js';
import { checkPrecondition, requireSomeChange } from './inputs.js';
import { campaignData } from './views.js';

/**
 * A PATCH of a campaign: the changes it names (rename, describe, reschedule) inside one
 * transaction, so a PATCH is all or nothing, makes one new version and raises one
 * `campaign.updated` that says what changed.
 *
 * Concurrency: the row is read `FOR UPDATE`, so concurrent PATCHes queue up and each applies
 * its changes to the version the previous one committed (no lost edit); `If-Match` is checked
 * against that locked version (412 when stale); the UPDATE names the version it read as well.
 * A reschedule is refused (409 EVENTS_OUTSIDE_CAMPAIGN) when an event would lie outside the new
 * window; event writes take a share lock on their campaign first, so no event can be created or
 * moved between that check and the commit.
 */
@Injectable()
export class ChangeCampaign {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignStore,
    private readonly events: EventStore,
  ) {}

  async execute(ctx: RequestContext, input: ChangeRequest): Promise<CampaignData> {
    const tenant = tenantOf(ctx);
    const id = requireUuid(input.id);
    requireSomeChange(input);
    return this.uow.run(ctx, async (tx) => {
      const campaign = await this.campaigns.findById(tenant, id, { tx, lock: 'update' });
      if (!campaign) throw new NotFoundError('Campaign', id);
      checkPrecondition(campaign.version, input.expectedVersions);
      const readVersion = campaign.version;
      if (input.rename) campaign.rename(input.rename.name);
      if (input.describe) campaign.describe(input.describe.description);
      if (input.reschedule) {
        const schedule = campaign.schedule.with(input.reschedule);
        campaign.reschedule(schedule, await this.events.ofCampaign(tx, tenant, id));
      }
      campaign.commit();
      await this.campaigns.update(tx, campaign, readVersion);
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
