import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { PlatformConfig } from '../config/index.js';

const QUIET_ROUTES = /^\/(health|metrics)(\/|$|\?)/;

/**
 * Structured JSON logs (pino through nestjs-pino). Each line written while serving a request
 * carries its request id, the one Fastify assigned (see requestIdOf). Credentials are redacted.
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
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
            customAttributeKeys: { reqId: 'requestId' },
            autoLogging: { ignore: (req: IncomingMessage) => QUIET_ROUTES.test(req.url ?? '') },
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
