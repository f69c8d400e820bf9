import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, MixedList } from 'typeorm';
import { PlatformConfig } from '../config/index.js';
import { HealthService } from '../health/index.js';
import { DatabaseLifecycle } from './database.lifecycle.js';

export interface AppDatabaseOptions {
  /** The DataSource name and PostgreSQL schema of one bounded context, e.g. `marketing`. */
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  poolSize?: number;
}

/**
 * One bounded context's own DataSource (its schema, its entities, its migrations table), so the
 * apps stay separable even when the monolith runs them in one process.
 */
@Module({})
export class DatabaseModule {
  static forApp(options: AppDatabaseOptions): DynamicModule {
    const lifecycleToken = `DatabaseLifecycle:${options.schema}`;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          name: options.schema,
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => ({
            type: 'postgres',
            url: config.DATABASE_URL,
            schema: options.schema,
            entities: options.entities,
            migrations: options.migrations,
            migrationsTableName: 'migrations',
            synchronize: false,
            migrationsRun: false,
            manualInitialization: true,
            applicationName: config.SERVICE_NAME,
            extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 2000 },
          }),
        }),
      ],
      providers: [
        {
          provide: lifecycleToken,
          inject: [getDataSourceToken(options.schema), PlatformConfig, HealthService],
          useFactory: (dataSource: DataSource, config: PlatformConfig, health: HealthService) =>
            new DatabaseLifecycle(dataSource, options.schema, config, health),
        },
      ],
      exports: [TypeOrmModule],
    };
  }
}
