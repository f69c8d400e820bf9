import { Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import cors from '@fastify/cors';
import type { HttpEdge } from '#common';
import { GatewayConfig } from './gateway.config.js';

/** Headers a browser app may send and read (CORS). */
const ALLOWED_HEADERS = ['Authorization', 'X-Api-Key', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id', 'traceparent'];
const EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'X-Request-Id', 'Idempotent-Replayed', 'Warning'];

/**
 * The gateway's part of the HTTP edge, applied by startHttpApp to the process that serves the
 * API (the gateway alone or the monolith): CORS per CORS_ORIGINS and the audit trail's hook.
 * Security headers are set by startHttpApp for every process.
 */
@Injectable()
export class GatewayEdge implements HttpEdge {
  private readonly hooks: Array<(app: NestFastifyApplication) => void> = [];

  constructor(private readonly config: GatewayConfig) {}

  /** Lets providers add Fastify hooks (they must be added before routes are registered). */
  addHook(hook: (app: NestFastifyApplication) => void): void {
    this.hooks.push(hook);
  }

  async configure(app: NestFastifyApplication): Promise<void> {
    const origins = this.config.corsOrigins;
    if (origins !== false) {
      await app.register(cors as never, {
        origin: origins === true ? true : origins,
        methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
        allowedHeaders: ALLOWED_HEADERS,
        exposedHeaders: EXPOSED_HEADERS,
        maxAge: 600,
      });
    }
    for (const hook of this.hooks) hook(app);
  }
}
