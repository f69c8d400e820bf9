import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsService } from '../metrics/index.js';
import { context, type Context, failSpan, parentContext, SpanKind, startSpan } from '../tracing/index.js';

const QUIET_ROUTES = /^\/(health|metrics)(\/|$|\?)/;
const TRACE = Symbol('trace');

type Traced = FastifyRequest & { [TRACE]?: ReturnType<typeof startSpan> };

/**
 * Each HTTP request of a process: a server span (continuing the caller's `traceparent`) that
 * the handler runs in, so every log line and every message it sends carries its trace; then,
 * once answered, its duration in the metrics and one access log line (probes and scrapes only
 * in the metrics).
 *
 * The span starts at `onRequest` and becomes the active context at `preHandler`: Fastify calls
 * the handler synchronously from that hook's callback, so the whole handler (guards, pipes,
 * the use case) inherits it; body parsing in between runs on stream events, outside it.
 */
export function observeHttpRequests(fastify: FastifyInstance, metrics: () => MetricsService): void {
  const log = new Logger('Http');
  fastify.addHook('onRequest', (request: Traced, _reply, done) => {
    const parent = parentContext(request.headers);
    request[TRACE] = startSpan(`${request.method}`, {
      kind: SpanKind.SERVER,
      requestId: String(request.id),
      attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] },
    }, parent);
    done();
  });
  fastify.addHook('preHandler', (request: Traced, _reply, done) => {
    const traced = request[TRACE];
    if (traced) context.with(traced.context, done);
    else done();
  });
  fastify.addHook('onResponse', async (request: Traced, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics().httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    within(endSpan(request, reply, route), () => {
      if (QUIET_ROUTES.test(request.url)) return;
      const fields = { method: request.method, url: request.url, route, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime * 10) / 10 };
      if (reply.statusCode >= 500) log.error(fields, 'request failed');
      else log.log(fields, 'request completed');
    });
  });
  fastify.addHook('onRequestAbort', async (request: Traced) => {
    const traced = request[TRACE];
    if (!traced) return;
    delete request[TRACE];
    failSpan(traced.span, new Error('the client closed the connection before the answer'));
    traced.span.end();
  });
}

function endSpan(request: Traced, reply: FastifyReply, route: string): Context | undefined {
  const traced = request[TRACE];
  if (!traced) return undefined;
  delete request[TRACE];
  traced.span.updateName(`${request.method} ${route}`);
  traced.span.setAttributes({ 'http.route': route, 'http.response.status_code': reply.statusCode });
  if (reply.statusCode >= 500) failSpan(traced.span, new Error(`answered ${reply.statusCode}`));
  traced.span.end();
  return traced.context;
}

function within(ctx: Context | undefined, fn: () => void): void {
  if (ctx) context.with(ctx, fn);
  else fn();
}
