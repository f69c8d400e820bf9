import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/index.js';
import { HealthService } from '../health/index.js';
import { AppDatabaseOptions, appDataSourceOptions } from './app-database.js';
import { DatabaseLifecycle } from './database.lifecycle.js';

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
          useFactory: (config: PlatformConfig) => ({ ...appDataSourceOptions(options, config), manualInitialization: true }),
        }),
      ],
      providers: [
        {
          provide: lifecycleToken,
          inject: [getDataSourceToken(options.schema), PlatformConfig, HealthService],
          useFactory: (dataSource: DataSource, config: PlatformConfig, health: HealthService) =>
            new DatabaseLifecycle(dataSource, options, config, health),
        },
      ],
      exports: [TypeOrmModule],
    };
  }
}
