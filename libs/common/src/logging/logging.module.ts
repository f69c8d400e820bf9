import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, PARAMS_PROVIDER_TOKEN, type Params, PinoLogger } from 'nestjs-pino';
import { PlatformConfig } from '../config/index.js';
import { logCorrelation } from '../tracing/index.js';
import { NEST_BOOTSTRAP_CONTEXTS, ProcessLogger } from './process.logger.js';

/**
 * Structured JSON logs (pino through nestjs-pino). Every line written while serving an HTTP
 * request, a transport message, an event or a job carries its `requestId`, `traceId` and
 * `spanId`, read from the active trace context (see tracing.ts), so one request can be followed
 * across processes. The access log line is written by the HTTP observer (http-observability.ts),
 * inside the request's span; credentials are redacted. In development, Nest's own start-up
 * inventory is logged at debug (ProcessLogger); production keeps every line at its level.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            base: { service: config.SERVICE_NAME },
            mixin: logCorrelation,
            autoLogging: false,
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      providers: [
        {
          provide: ProcessLogger,
          inject: [PinoLogger, PARAMS_PROVIDER_TOKEN],
          useFactory: (pino: PinoLogger, params: Params) => new ProcessLogger(pino, params, config.isDevelopment ? NEST_BOOTSTRAP_CONTEXTS : new Set()),
        },
      ],
      exports: [LoggerModule, ProcessLogger],
    };
  }
}
