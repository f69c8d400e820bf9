import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { contextOf, WebhookMessages, type RequestEnvelope, type RequestOf, type ResponseOf } from '#messaging';
import { DeliveryLog } from '../application/delivery-log.use-case.js';
import { ManageWebhooks } from '../application/manage-webhooks.use-case.js';

type M = typeof WebhookMessages;
type In<P extends keyof M> = RequestEnvelope<RequestOf<M[P]>>;
type Out<P extends keyof M> = Promise<ResponseOf<M[P]>>;

/** The webhooks door of the jobs service: one message pattern per verb. */
@Controller()
export class WebhooksHandler {
  constructor(
    private readonly webhooks: ManageWebhooks,
    private readonly log: DeliveryLog,
  ) {}

  @MessagePattern(WebhookMessages.create)
  onCreate(e: In<'create'>): Out<'create'> {
    return this.webhooks.create(contextOf(e), e.data);
  }

  @MessagePattern(WebhookMessages.list)
  onList(e: In<'list'>): Out<'list'> {
    return this.webhooks.list(contextOf(e), e.data);
  }

  @MessagePattern(WebhookMessages.get)
  onGet(e: In<'get'>): Out<'get'> {
    return this.webhooks.get(contextOf(e), e.data);
  }

  @MessagePattern(WebhookMessages.change)
  onChange(e: In<'change'>): Out<'change'> {
    return this.webhooks.change(contextOf(e), e.data);
  }

  @MessagePattern(WebhookMessages.delete)
  onDelete(e: In<'delete'>): Out<'delete'> {
    return this.webhooks.delete(contextOf(e), e.data);
  }

  @MessagePattern(WebhookMessages.rotateSecret)
  onRotateSecret(e: In<'rotateSecret'>): Out<'rotateSecret'> {
    return this.webhooks.rotateSecret(contextOf(e), e.data);
  }

  @MessagePattern(WebhookMessages.listDeliveries)
  onListDeliveries(e: In<'listDeliveries'>): Out<'listDeliveries'> {
    return this.log.list(contextOf(e), e.data);
  }

  @MessagePattern(WebhookMessages.replayDelivery)
  onReplayDelivery(e: In<'replayDelivery'>): Out<'replayDelivery'> {
    return this.log.replay(contextOf(e), e.data);
  }
}
