import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { JobsConfig } from '../jobs.config.js';
import { AttemptDelivery } from './application/attempt-delivery.use-case.js';
import { DeliveryLog } from './application/delivery-log.use-case.js';
import { DeliveryQueue } from './application/delivery-queue.port.js';
import { FanOutEvent } from './application/fan-out-event.use-case.js';
import { ManageWebhooks } from './application/manage-webhooks.use-case.js';
import { ReconcileDeliveries } from './application/reconcile-deliveries.use-case.js';
import { WebhookSender } from './application/webhook-sender.port.js';
import { WebhookStore } from './application/webhook-store.port.js';
import { DeliveryQueues } from './infrastructure/queue/delivery-queue.js';
import { DeliveryWorker } from './infrastructure/queue/delivery-worker.js';
import { SafeHttpSender } from './infrastructure/safe-http-sender.js';
import { WebhookRepository } from './infrastructure/webhook.repository.js';
import { JobsWebhooks1764300000000 } from './infrastructure/webhooks.migration.js';
import { WebhooksBackground } from './infrastructure/webhooks.background.js';
import { WebhookEventsConsumer } from './messaging/webhook-events.consumer.js';
import { WebhooksHandler } from './messaging/webhooks.handler.js';

export const webhooksMigrations = [JobsWebhooks1764300000000];

/**
 * Webhooks, a context of the jobs service: subscriptions and their delivery log (schema
 * `jobs`), the consumer that turns campaign and event changes into deliveries, and the worker
 * that sends them (so they scale with the jobs workers and never run on a request's path).
 * The API role serves the messages, consumes the events, reconciles the queue with the log and
 * applies retention; the worker role sends.
 */
@Module({})
export class WebhooksModule {
  static forConfig(config: JobsConfig): DynamicModule {
    const controllers: Type[] = config.runsApi ? [WebhooksHandler, WebhookEventsConsumer] : [];
    const providers: Provider[] = [
      { provide: JobsConfig, useValue: config },
      { provide: WebhookStore, useClass: WebhookRepository },
      DeliveryQueues,
      { provide: DeliveryQueue, useExisting: DeliveryQueues },
    ];
    if (config.runsApi) providers.push(ManageWebhooks, DeliveryLog, FanOutEvent, ReconcileDeliveries, WebhooksBackground);
    if (config.runsWorkers) providers.push({ provide: WebhookSender, useClass: SafeHttpSender }, AttemptDelivery, DeliveryWorker);
    return { module: WebhooksModule, controllers, providers };
  }
}
