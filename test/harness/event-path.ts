import { DataSource } from 'typeorm';
import { HealthService, loadConfig, PlatformConfig, RedisService } from '#common';
import { messagingMigrations, OutboxRelay, RedisStreamsEventTransport, UnitOfWork } from '#messaging';
import { eventually } from './http.js';
import { TestEnvironment } from './test-env.js';

/**
 * The durable event path's parts without an application around them, for integration tests:
 * one source's schema (outbox, inbox, dead letters) migrated in a throwaway database, a Redis
 * connection under the test's prefix, the stream transport, a relay and a unit of work.
 */
export class EventPath {
  private constructor(
    readonly env: TestEnvironment,
    readonly source: string,
    readonly dataSource: DataSource,
    readonly redis: RedisService,
    readonly transport: RedisStreamsEventTransport,
    readonly relay: OutboxRelay,
    readonly uow: UnitOfWork,
  ) {}

  /** `vars` overrides the environment (e.g. REDIS_URL of a private redis-server). */
  static async create(source: string, vars: Record<string, string> = {}): Promise<EventPath> {
    const env = await TestEnvironment.create();
    const dataSource = new DataSource({ type: 'postgres', url: env.databaseUrl, schema: source, migrations: messagingMigrations(source) });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA ${source}`);
    await dataSource.runMigrations();
    const redis = new RedisService(loadConfig(PlatformConfig, env.vars(vars)), new HealthService({ required: [] }));
    const transport = new RedisStreamsEventTransport(redis);
    const relay = new OutboxRelay(dataSource, source, transport);
    await eventually(async () => (redis.client.status === 'ready' ? true : undefined));
    return new EventPath(env, source, dataSource, redis, transport, relay, new UnitOfWork(dataSource, source, relay));
  }

  async close(): Promise<void> {
    await this.relay.onApplicationShutdown();
    await this.redis.onApplicationShutdown();
    await this.dataSource.destroy();
    await this.env.drop();
  }
}
