import { DynamicModule, Global, Module } from '@nestjs/common';
import { PlatformConfig } from './config/index.js';
import { HEALTH_POLICY, HealthController, HealthService } from './health/index.js';
import { LoggingModule } from './logging/index.js';
import { MetricsController, MetricsService } from './metrics/index.js';
import { RedisService } from './redis/index.js';

export interface PlatformOptions {
  config: PlatformConfig;
  /** Dependencies without which this process can serve no request at all. */
  requiredDependencies: string[];
}

/**
 * What every process has, whatever apps it runs: its validated configuration, logs, health
 * probes, metrics and Redis connections. Composed once per process by its bootstrap.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot({ config, requiredDependencies }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [LoggingModule.forRoot(config)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PlatformConfig, useValue: config },
        { provide: HEALTH_POLICY, useValue: { required: requiredDependencies } },
        HealthService,
        MetricsService,
        RedisService,
      ],
      exports: [PlatformConfig, HealthService, MetricsService, RedisService],
    };
  }
}
