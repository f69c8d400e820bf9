import { Controller } from '@nestjs/common';
import { isUuid } from '#common';
import { CampaignsEvents, ConsumeEvent, type EventEnvelope } from '#messaging';
import { FanOutEvent } from '../application/fan-out-event.use-case.js';
import type { DeliveredEvent } from '../domain/webhook-body.js';

/**
 * Every change of a campaign or an event (consumer group `jobs`) becomes one delivery per
 * enabled subscription to its type. The handler fails when a delivery cannot be enqueued
 * (Redis away): the event comes again, and the deliveries recorded then are enqueued.
 */
@Controller()
export class WebhookEventsConsumer {
  constructor(private readonly fanOut: FanOutEvent) {}

  @ConsumeEvent(Object.values(CampaignsEvents), 'jobs')
  async onCampaignsChange(event: EventEnvelope): Promise<void> {
    if (!event || !isUuid(event.id) || typeof event.tenant !== 'string' || typeof event.type !== 'string') return;
    await this.fanOut.execute(event as unknown as DeliveredEvent);
  }
}
