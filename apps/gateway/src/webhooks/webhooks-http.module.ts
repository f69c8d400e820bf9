import { Module } from '@nestjs/common';
import { WebhooksController } from './http/webhooks.controller.js';

/** The HTTP doors of webhooks: `/v1/webhooks*` (tenant admins). */
@Module({ controllers: [WebhooksController] })
export class WebhooksHttpModule {}
