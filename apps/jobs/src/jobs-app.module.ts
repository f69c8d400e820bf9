import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, loadConfig } from '#common';
import { deadLettersHandler, JobsMessages, OutboxModule, serviceHealthHandler } from '#messaging';
import { JobsConfig } from './jobs.config.js';
import { DASHBOARD_PATH } from './jobs/infrastructure/queue/queue-dashboard.js';
import { JobsModule } from './jobs/jobs.module.js';
import { JOBS_DATABASE } from './jobs.database.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/**
 * The jobs bounded context (schema `jobs`): registered jobs and their last known status, the
 * scheduler, and the workers that run the predefined job definitions. JOBS_ROLE decides what
 * this process runs: a `worker` process answers no request (not even the health request of the
 * deployment check), so it never takes a request meant for the API replicas.
 */
@Module({})
export class JobsAppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadConfig(JobsConfig, env);
    const outbox = OutboxModule.forDataSource(JOBS_DATABASE.schema);
    return {
      module: JobsAppModule,
      imports: [
        DatabaseModule.forApp(JOBS_DATABASE),
        outbox,
        JobsModule.forConfig(outbox, config),
        WebhooksModule.forConfig(config),
      ],
      controllers: config.runsApi ? [serviceHealthHandler(JobsMessages.health), deadLettersHandler('jobs', ['jobs'])] : [],
      providers: [{ provide: JobsConfig, useValue: config }],
    };
  }

  /**
   * The path of the queue dashboard this app serves in its process (QUEUE_DASHBOARD_PASSWORD set,
   * API role), or null: the monolith passes it to the gateway, whose console links to it.
   */
  static queueDashboardPath(env: NodeJS.ProcessEnv = process.env): string | null {
    const config = loadConfig(JobsConfig, env);
    return config.QUEUE_DASHBOARD_PASSWORD && config.runsApi ? DASHBOARD_PATH : null;
  }
}
