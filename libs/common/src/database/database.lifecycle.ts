import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/index.js';
import { HealthService } from '../health/index.js';
import type { AppDatabaseOptions } from './app-database.js';
import { ensureDatabase } from './ensure-database.js';
import { migrateSchema } from './migrate-schema.js';

const RETRY_MS = 2000;

type UrlSetting = 'DATABASE_URL' | 'DATABASE_DIRECT_URL';

/**
 * Connects one application's DataSource in the background so the process answers its probes
 * while PostgreSQL is away, says plainly what is missing and how to start it, keeps retrying,
 * then applies that application's migrations under an advisory lock (MIGRATIONS=auto).
 */
export class DatabaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly database: AppDatabaseOptions,
    private readonly config: PlatformConfig,
    private readonly health: HealthService,
  ) {
    this.logger = new Logger(`Database:${database.schema}`);
    health.addCheck('postgres', () => this.ping());
  }

  onApplicationBootstrap(): void {
    const done = this.health.startupTask(`postgres:${this.database.schema}`);
    void this.connectWithRetry().then(() => done(), (error) => this.logger.error(error));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  private async connectWithRetry(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      // Which URL a failure names: the pool's, or the direct one of what needs a session.
      let setting: UrlSetting = 'DATABASE_DIRECT_URL';
      try {
        if (this.config.isDevelopment || this.config.NODE_ENV === 'test') await ensureDatabase(this.config.databaseDirectUrl);
        setting = 'DATABASE_URL';
        if (!this.dataSource.isInitialized) await this.dataSource.initialize();
        setting = 'DATABASE_DIRECT_URL';
        if (this.config.MIGRATIONS === 'auto') await this.migrate();
        if (attempt > 0) this.logger.log(`PostgreSQL answers again; schema ${this.database.schema} is ready`);
        return;
      } catch (error) {
        if (attempt++ % 15 === 0) this.logger.warn(this.unavailableMessage(error, this.config.DATABASE_DIRECT_URL ? setting : 'DATABASE_URL'));
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** What is wrong and what fixes it, in one line: a server that does not answer is not a database that does not exist. */
  private unavailableMessage(error: unknown, setting: UrlSetting): string {
    const url = new URL(setting === 'DATABASE_URL' ? this.config.DATABASE_URL : this.config.databaseDirectUrl);
    const server = `PostgreSQL at ${url.hostname}:${url.port || 5432}`;
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const code = (error as { code?: string }).code;
    const retrying = `Retrying every ${RETRY_MS / 1000} s.`;
    if (code === '3D000') {
      return `${server} answers, but database "${database}" does not exist. Create it (createdb -h ${url.hostname} -p ${url.port || 5432} ${database}, or CREATE DATABASE "${database}"); NODE_ENV=development creates it by itself. ${retrying}`;
    }
    if (code === '28P01' || code === '28000') {
      return `${server} refuses the login of user "${decodeURIComponent(url.username)}" (${code}): check the user and password in ${setting}. ${retrying}`;
    }
    const reason = code ?? (error as Error).message;
    return `${server} does not answer (${reason}). Start it with: docker compose -f docker/compose.yml up -d. ${retrying}`;
  }

  /** Every replica may start at once: the advisory lock makes one of them migrate, the others wait. */
  private async migrate(): Promise<void> {
    const applied = await migrateSchema(this.database, this.config);
    if (applied.length > 0) this.logger.log(`applied ${applied.length} migration(s) to schema ${this.database.schema}`);
  }

  private async ping(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('not connected');
    await this.dataSource.query('SELECT 1');
  }
}
