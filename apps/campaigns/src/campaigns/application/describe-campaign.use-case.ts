import { Injectable } from '@nestjs/common';
import type { Campaign } from '../domain/campaign.js';

/** Describe: set the description, or clear it with null. */
@Injectable()
export class DescribeCampaign {
  apply(campaign: Campaign, input: { description: string | null }): void {
    campaign.describe(input.description);
  }
}
