import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';
import { ConsoleSettings } from '../console.settings.js';

/**
 * The headers of the console's own JSON routes (config.json, dev-token), as its files have them:
 * the console's CSP instead of the API's, and `no-cache` (a changed configuration shows on the
 * next load). Set before the handler runs, so a refusal carries them too.
 */
@Injectable()
export class ConsoleHeaders implements NestInterceptor {
  constructor(private readonly settings: ConsoleSettings) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    void context.switchToHttp().getResponse<FastifyReply>().header('content-security-policy', this.settings.csp).header('cache-control', 'no-cache');
    return next.handle();
  }
}
