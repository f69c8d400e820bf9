import { DataSource, Migration } from 'typeorm';
import { ConfigError, PlatformConfig } from '../config/index.js';
import { AppDatabaseOptions, migrationDataSourceOptions } from './app-database.js';
import { ensureDatabase } from './ensure-database.js';

/**
 * Applies one schema's pending migrations under the PostgreSQL advisory lock
 * `migrations:<schema>`: every replica and the migration job may start at once; one of them
 * migrates, the others wait, then find nothing left to do. The lock is a session's, so this runs
 * on a DataSource of its own on DATABASE_DIRECT_URL, never through a transaction-mode pooler.
 * Used by DatabaseLifecycle (MIGRATIONS=auto) and by the migration job (`apps/<app>/src/migrate.ts`).
 */
export async function migrateSchema(database: AppDatabaseOptions, config: PlatformConfig): Promise<Migration[]> {
  const dataSource = new DataSource(migrationDataSourceOptions(database, config));
  await dataSource.initialize();
  try {
    return await underLock(dataSource, database.schema);
  } finally {
    await dataSource.destroy();
  }
}

async function underLock(dataSource: DataSource, schema: string): Promise<Migration[]> {
  const lock = `migrations:${schema}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * The migration job of one app: creates the database if missing (development and test only;
 * production databases are provisioned), then applies the app's migrations with migrateSchema.
 * Returns the migrations it applied.
 */
export async function runMigrationJob(database: AppDatabaseOptions, config: PlatformConfig): Promise<Migration[]> {
  if (config.isDevelopment || config.NODE_ENV === 'test') await ensureDatabase(config.databaseDirectUrl);
  return migrateSchema(database, config);
}

/**
 * The body of `node dist/apps/<app>/src/migrate.js`: loads the app's validated configuration,
 * runs its migration job, writes one log line saying how many migrations it applied and exits
 * 0; on any failure it writes one line saying why and exits 1 (a Kubernetes Job then retries).
 */
export async function migrationCommand(database: AppDatabaseOptions, loadAppConfig: () => PlatformConfig): Promise<never> {
  try {
    const config = loadAppConfig();
    const applied = await runMigrationJob(database, config);
    const names = applied.map((m) => m.name);
    const msg = `applied ${applied.length} migration(s) to schema ${database.schema}${names.length ? `: ${names.join(', ')}` : ''}`;
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), service: config.SERVICE_NAME, job: 'migrate', schema: database.schema, applied: applied.length, msg })}\n`);
    process.exit(0);
  } catch (error) {
    const reason = error instanceof ConfigError ? error.message : describe(error);
    process.stderr.write(`Migrations of schema ${database.schema} failed: ${reason}\n`);
    process.exit(1);
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = (e?.message || String(error)).replace(/\s+/g, ' ').trim();
  return e?.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}
