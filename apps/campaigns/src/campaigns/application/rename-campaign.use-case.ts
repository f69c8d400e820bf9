import { Injectable } from '@nestjs/common';
import type { Campaign } from '../domain/campaign.js';

/** Rename: a new name of 1–200 characters. One of the changes a PATCH can ask for. */
@Injectable()
export class RenameCampaign {
  apply(campaign: Campaign, input: { name: string }): void {
    campaign.rename(input.name);
  }
}
