import { DynamicModule, Module } from '@nestjs/common';
import { pino } from 'pino';
import { PlatformConfig } from '../config/index.js';
import { logCorrelation } from '../tracing/index.js';
import { NEST_BOOTSTRAP_CONTEXTS, ProcessLogger } from './process.logger.js';

/**
 * Structured JSON logs (pino). Every line written while serving an HTTP request, a transport
 * message, an event or a job carries its `requestId`, `traceId` and `spanId`, read from the
 * active trace context (see tracing.ts), so one request can be followed across processes. The
 * access log line is written by the HTTP observer (http-observability.ts), inside the request's
 * span. In development, Nest's own start-up inventory is logged at debug (ProcessLogger);
 * production keeps every line at its level.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    // In development a person reads the output in order (the start-up summary, written straight
    // to stdout, comes last): lines are written synchronously there. Elsewhere pino's
    // asynchronous writes keep logging off the request path.
    const logger = new ProcessLogger(
      { level: config.LOG_LEVEL, base: { service: config.SERVICE_NAME }, mixin: logCorrelation },
      config.isDevelopment ? NEST_BOOTSTRAP_CONTEXTS : new Set(),
      config.isDevelopment ? pino.destination({ dest: 1, sync: true }) : undefined,
    );
    return {
      module: LoggingModule,
      providers: [{ provide: ProcessLogger, useValue: logger }],
      exports: [ProcessLogger],
    };
  }
}
