import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis, RedisOptions } from 'ioredis';
import { PlatformConfig } from '../config/index.js';
import { HealthService } from '../health/index.js';

const WARN_EVERY_MS = 30_000;

/**
 * This process's Redis connections. Every key, channel, stream and queue name goes through
 * `key()` so that several deployments or test runs share one Redis under their own REDIS_PREFIX.
 * Connections retry forever (ioredis' default gives up on some settings) and fail fast while
 * disconnected, so a Redis outage degrades what needs Redis instead of queueing requests.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly connections: Redis[] = [];
  private lastWarning = 0;
  readonly client: Redis;

  constructor(
    private readonly config: PlatformConfig,
    health: HealthService,
  ) {
    this.client = this.connect('commands');
    health.addCheck('redis', async () => {
      await this.client.ping();
    });
  }

  key(...parts: Array<string | number>): string {
    return [this.config.REDIS_PREFIX, ...parts].join(':');
  }

  /** A further connection (subscribers and blocking reads need their own). */
  connect(name: string, options: RedisOptions = {}): Redis {
    const connection = new Redis(this.config.REDIS_URL, {
      connectionName: `${this.config.SERVICE_NAME}:${name}`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 100, 1000),
      ...options,
    });
    connection.on('error', (error: Error & { code?: string }) => this.warn(error));
    this.connections.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private warn(error: Error & { code?: string }): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    const url = new URL(this.config.REDIS_URL);
    this.logger.warn(
      `Redis at ${url.hostname}:${url.port || 6379} does not answer (${error.code ?? error.message}). ` +
        'Start it with: docker compose -f docker/compose.yml up -d. Retrying.',
    );
  }
}
