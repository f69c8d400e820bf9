import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, tenantOf, mapPage, type Page, type RequestContext } from '#common';
import type { DeliveryListRequest, WebhookDeliveryData } from '#messaging';
import { DeliveryQueue } from './delivery-queue.port.js';
import { deliveryData } from './views.js';
import { WebhookStore } from './webhook-store.port.js';

/** `/v1/webhooks/{id}/deliveries`: a subscription's delivery log, newest first, and replays. */
@Injectable()
export class DeliveryLog {
  constructor(
    private readonly store: WebhookStore,
    private readonly queue: DeliveryQueue,
  ) {}

  async list(ctx: RequestContext, input: DeliveryListRequest): Promise<Page<WebhookDeliveryData>> {
    const tenant = tenantOf(ctx);
    if (!(await this.store.find(tenant, input.id))) throw new NotFoundError('Webhook', input.id);
    return mapPage(await this.store.listDeliveries(tenant, input.id, input), deliveryData);
  }

  /**
   * A delivery that is delivered or dead (one still being attempted: 409): a new series of attempts with the same `webhook-id`
   * (receivers that already have it deduplicate it).
   */
  async replay(ctx: RequestContext, input: { id: string; deliveryId: string }): Promise<WebhookDeliveryData> {
    const tenant = tenantOf(ctx);
    const found = await this.store.findDelivery(input.deliveryId);
    if (!found || found.tenant !== tenant || found.webhookId !== input.id) throw new NotFoundError('Webhook delivery', input.deliveryId);
    if (found.status === 'pending' || found.status === 'failed') {
      throw new ConflictError('DELIVERY_IN_PROGRESS', `Delivery ${found.id} is still being attempted (${found.status}); replay it once it is delivered or dead.`);
    }
    const delivery = await this.store.replay(tenant, input.id, input.deliveryId);
    if (!delivery) throw new ConflictError('DELIVERY_IN_PROGRESS', `Delivery ${found.id} is already being replayed.`);
    await this.queue.enqueue(delivery);
    return deliveryData(delivery);
  }
}
