import type { DataSourceOptions, MixedList } from 'typeorm';
import type { PlatformConfig } from '../config/index.js';

/**
 * One bounded context's database: its DataSource name and PostgreSQL schema, its entities and
 * its migrations. Each app declares it once; its root module and its migration entrypoint both
 * read that declaration.
 */
export interface AppDatabaseOptions {
  /** The DataSource name and PostgreSQL schema of one bounded context, e.g. `marketing`. */
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** Connections of the pool; DATABASE_POOL_SIZE unless the app needs a fixed size. */
  poolSize?: number;
}

/** The TypeORM options of one app's DataSource: its schema, entities and migrations table. */
export function appDataSourceOptions(options: AppDatabaseOptions, config: PlatformConfig, url = config.DATABASE_URL): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: config.SERVICE_NAME,
    extra: { max: options.poolSize ?? config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 2000 },
  };
}

/**
 * The short-lived DataSource migrations run on: the server itself (DATABASE_DIRECT_URL), since
 * their session advisory lock would stay held on whichever server connection a transaction-mode
 * pooler happened to give it. Two connections: one holds the lock, the other migrates.
 */
export function migrationDataSourceOptions(options: AppDatabaseOptions, config: PlatformConfig): DataSourceOptions {
  return appDataSourceOptions({ ...options, entities: [], poolSize: 2 }, config, config.databaseDirectUrl);
}
