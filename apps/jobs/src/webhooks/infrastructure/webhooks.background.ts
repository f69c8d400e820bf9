import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthService } from '#common';
import { JobsConfig } from '../../jobs.config.js';
import { PeriodicWork } from '../../periodic-work.js';
import { ReconcileDeliveries } from '../application/reconcile-deliveries.use-case.js';
import { WebhookStore } from '../application/webhook-store.port.js';

const RETENTION_EVERY_MS = 3_600_000;

/**
 * The webhooks' periodic work (API role), each loop one at a time per process:
 * - reconciler: every JOBS_RECONCILE_INTERVAL_MS, deliveries whose queue job may be lost are
 *   enqueued again (ReconcileDeliveries);
 * - retention: hourly, deliveries older than WEBHOOKS_DELIVERY_RETENTION_DAYS leave the log.
 */
@Injectable()
export class WebhooksBackground implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loops: PeriodicWork;

  constructor(
    private readonly store: WebhookStore,
    private readonly reconcile: ReconcileDeliveries,
    private readonly config: JobsConfig,
    health: HealthService,
  ) {
    this.loops = new PeriodicWork(new Logger(WebhooksBackground.name), health);
  }

  onApplicationBootstrap(): void {
    this.loops.every('webhook reconciler', this.config.JOBS_RECONCILE_INTERVAL_MS, () => this.reconcile.execute());
    this.loops.every('webhook retention', RETENTION_EVERY_MS, () => this.store.deleteDeliveriesBefore(this.config.WEBHOOKS_DELIVERY_RETENTION_DAYS), 5000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.loops.stop();
  }
}
