import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import type { MetricsService } from '../metrics/index.js';
import { context, type Context, failSpan, parentContext, SpanKind, startSpan } from '../tracing/index.js';

const QUIET_ROUTES = /^\/(health|metrics)(\/|$|\?)/;
const TRACE = Symbol('trace');

type Traced = FastifyRequest & { [TRACE]?: ReturnType<typeof startSpan> };

/** Where the observer writes, resolved once the application exists. */
export interface HttpObservers {
  metrics: MetricsService;
  /** The process's pino logger; the access lines go through one child of it (`context: Http`). */
  log: Pino;
}

/**
 * Each HTTP request of a process: a server span (continuing the caller's `traceparent`) that
 * the handler runs in, so every log line and every message it sends carries its trace; then,
 * once answered, its duration in the metrics and one access log line (probes and scrapes only
 * in the metrics).
 *
 * The span starts at `onRequest` and becomes the active context at `preHandler`: Fastify calls
 * the handler synchronously from that hook's callback, so the whole handler (guards, pipes,
 * the use case) inherits it; body parsing in between runs on stream events, outside it.
 *
 * The access line is written straight to one pino child made once per process, not through
 * Nest's Logger and ProcessLogger's handling of Nest's arguments, nor a child per request; the
 * hooks take callbacks rather than being async, so an answer costs no promise of theirs (with
 * the trace context on AsyncLocalStorage every promise of the process is tracked).
 */
export function observeHttpRequests(fastify: FastifyInstance, resolve: () => HttpObservers): void {
  let observers: { metrics: MetricsService; access: Pino } | undefined;
  const use = () => {
    if (!observers) {
      const { metrics, log } = resolve();
      observers = { metrics, access: log.child({ context: 'Http' }) };
    }
    return observers;
  };
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
  fastify.addHook('onResponse', (request: Traced, reply, done) => {
    const { metrics, access } = use();
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    const ctx = endSpan(request, reply.statusCode, route);
    if (!QUIET_ROUTES.test(request.url) && access.isLevelEnabled(reply.statusCode >= 500 ? 'error' : 'info')) {
      within(ctx, () => {
        const fields = { method: request.method, url: request.url, route, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime * 10) / 10 };
        if (reply.statusCode >= 500) access.error(fields, 'request failed');
        else access.info(fields, 'request completed');
      });
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request: Traced, done) => {
    const traced = request[TRACE];
    if (traced) {
      delete request[TRACE];
      failSpan(traced.span, new Error('the client closed the connection before the answer'));
      traced.span.end();
    }
    done();
  });
}

/**
 * A request whose handler took the response over to keep it open (a live stream): its span ends
 * now, as answered 200, rather than when the stream ends half an hour later. A span that long
 * tells nothing, and would hold its contexts for the stream's life; the metrics and the access
 * line still come when the response ends.
 */
export function endRequestSpan(request: FastifyRequest): void {
  endSpan(request, 200, request.routeOptions.url ?? 'unmatched');
}

function endSpan(request: Traced, status: number, route: string): Context | undefined {
  const traced = request[TRACE];
  if (!traced) return undefined;
  delete request[TRACE];
  traced.span.updateName(`${request.method} ${route}`);
  traced.span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
  if (status >= 500) failSpan(traced.span, new Error(`answered ${status}`));
  traced.span.end();
  return traced.context;
}

function within(ctx: Context | undefined, fn: () => void): void {
  if (ctx) context.with(ctx, fn);
  else fn();
}
