import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, throwError } from 'rxjs';
import { AppError, statusOf, toProblem } from '../errors/index.js';
import { RouteTable } from './route-table.js';
import { toAppError } from './to-app-error.js';

/**
 * The one place where errors become HTTP responses: every error of every route, including
 * those Fastify raises before Nest's pipes (body parser, limits, content type, unknown route).
 * A message handler's error is not an HTTP answer: it goes back as it was thrown, and the
 * transport's server encodes it with the error codec (libs/messaging) for the caller.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // No route matched (or only the CORS plugin's catch-all): whatever Fastify raised on the way
    // (an unsupported method's missing content type, a body on a path that does not exist), the
    // answer is about the path: 404, or 405 when the path is known under other methods.
    const error = isRouted(request) ? toAppError(exception) : routeMiss(this.routes, request, reply);
    const status = statusOf(error.kind);
    if (status >= 500 && !(exception instanceof AppError)) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    void sendProblem(request, reply, error);
  }
}

/**
 * Answers an error as problem+json. Hooks that answer before any route handler use it directly:
 * an error they threw would reach the error handler of the route's context, which for routes
 * registered before Nest's init (the CORS plugin's) is Fastify's plain-JSON default.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.kind === 'rate_limited' && error.details.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(error.details.retryAfterSeconds));
  }
  const problem = toProblem(error, request.url.split('?')[0] ?? request.url, String(request.id));
  return reply.status(statusOf(error.kind)).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

function isRouted(request: FastifyRequest): boolean {
  const url = request.routeOptions?.url;
  return url !== undefined && url !== '*';
}

/**
 * 404 for a path no route declares (or one a route declares for this very method but found
 * nothing at, as a static file route does); 405 with Allow for a known path asked with another method.
 */
export function routeMiss(routes: RouteTable, request: FastifyRequest, reply: FastifyReply): AppError {
  const allowed = routes.allowedMethods(request.url);
  if (allowed.length === 0 || allowed.includes(request.method)) return new AppError('not_found', 'ROUTE_NOT_FOUND', 'No such route.');
  void reply.header('allow', allowed.join(', '));
  return new AppError('method_not_allowed', 'METHOD_NOT_ALLOWED', `${request.method.slice(0, 20)} is not allowed here; use ${allowed.join(', ')}.`);
}
