import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, loadConfig } from '#common';
import { JobsMessages, messagingMigrations, OutboxModule, serviceHealthHandler } from '#messaging';
import { JobsConfig } from './jobs.config.js';

/**
 * The jobs bounded context (schema `jobs`): registered jobs and their last known status, the
 * scheduler, and the workers that run the predefined job definitions.
 */
@Module({})
export class JobsAppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadConfig(JobsConfig, env);
    return {
      module: JobsAppModule,
      imports: [
        DatabaseModule.forApp({ schema: 'jobs', entities: [], migrations: messagingMigrations('jobs') }),
        OutboxModule.forDataSource('jobs'),
      ],
      controllers: [serviceHealthHandler(JobsMessages.health)],
      providers: [{ provide: JobsConfig, useValue: config }],
    };
  }
}
