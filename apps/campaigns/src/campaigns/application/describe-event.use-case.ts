import { Injectable } from '@nestjs/common';
import type { CampaignEvent } from '../domain/event.js';

/** Set or clear (null) an event's description. */
@Injectable()
export class DescribeEvent {
  apply(event: CampaignEvent, input: { description: string | null }): void {
    event.describe(input.description);
  }
}
