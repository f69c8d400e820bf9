import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobsConfig } from '../../jobs.config.js';
import { WebhookStore } from '../application/webhook-store.port.js';

const RETENTION_EVERY_MS = 3_600_000;
const FIRST_AFTER_MS = 5000;

/** Hourly (API role), deliveries older than WEBHOOKS_DELIVERY_RETENTION_DAYS leave the log, as finished jobs do. */
@Injectable()
export class WebhooksRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhooksRetention.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly store: WebhookStore,
    private readonly config: JobsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.store
        .deleteDeliveriesBefore(this.config.WEBHOOKS_DELIVERY_RETENTION_DAYS)
        .catch((error) => this.logger.warn({ err: error }, 'webhook delivery retention failed; will try again'))
        .finally(() => (this.running = null));
    };
    this.timers.push(setTimeout(tick, FIRST_AFTER_MS), setInterval(tick, RETENTION_EVERY_MS));
    this.timers.forEach((timer) => timer.unref());
  }

  async onApplicationShutdown(): Promise<void> {
    this.timers.forEach(clearTimeout);
    await this.running;
  }
}
