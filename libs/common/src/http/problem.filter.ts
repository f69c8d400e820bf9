import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, statusOf, toProblem } from '../errors/index.js';
import { RouteTable } from './route-table.js';
import { toAppError } from './to-app-error.js';

/**
 * The one place where errors become HTTP responses: every error of every route, including
 * those Fastify raises before Nest's pipes (body parser, limits, content type, unknown route).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let error = toAppError(exception);
    if (error.code === 'ROUTE_NOT_FOUND') error = this.methodNotAllowed(request, reply) ?? error;
    const status = statusOf(error.kind);
    if (status >= 500 && !(exception instanceof AppError)) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    if (error.kind === 'rate_limited' && error.details.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    }
    const problem = toProblem(error, request.url.split('?')[0] ?? request.url, String(request.id));
    void reply.status(status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }

  private methodNotAllowed(request: FastifyRequest, reply: FastifyReply): AppError | undefined {
    const allowed = this.routes.allowedMethods(request.url);
    if (allowed.length === 0) return undefined;
    reply.header('allow', allowed.join(', '));
    return new AppError('method_not_allowed', 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allowed.join(', ')}.`);
  }
}
