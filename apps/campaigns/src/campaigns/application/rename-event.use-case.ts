import { Injectable } from '@nestjs/common';
import type { CampaignEvent } from '../domain/event.js';

/** Rename an event (1–200 characters). */
@Injectable()
export class RenameEvent {
  apply(event: CampaignEvent, input: { name: string }): void {
    event.rename(input.name);
  }
}
