import { DynamicModule, Logger as NestLogger, Module } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PlatformConfig } from '../config/index.js';
import { AppError, ValidationError } from '../errors/index.js';
import { HealthService } from '../health/index.js';
import { ProcessLogger, startupSummary } from '../logging/index.js';
import { checkJsonBody, clientErrorHandler, ProblemFilter, RequestValidationPipe, requestIdOf, routeMiss, RouteTable, securityHeaders, sendProblem } from '../http/index.js';
import { MetricsService } from '../metrics/index.js';
import { withCommonHeaders, withStrictBodies } from '../openapi/index.js';
import { startTracing } from '../tracing/index.js';
import { observeHttpRequests } from './http-observability.js';
import { HTTP_EDGE, HttpEdge } from './http-edge.js';

export const BODY_LIMIT_BYTES = 1_048_576;

/** application/json, or a JSON-based type such as application/merge-patch+json, with any parameters. */
const JSON_CONTENT = /^application\/([a-z0-9.-]+\+)?json\s*(;|$)/i;

/**
 * Errors Fastify's router raises before any hook or handler (a path that is not valid URL
 * encoding, a path parameter over 100 characters): answered as problem+json like every other
 * error; such a path cannot name anything, so it is a 400 on `path`.
 */
function answerRoutingError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'has a segment longer than 100 characters' : 'is not a valid URL';
  void sendProblem(request, reply.header('x-request-id', String(request.id)), ValidationError.field('path', message));
}

/**
 * OPTIONS on any path: a CORS preflight goes to the CORS plugin (when CORS is on); any other
 * OPTIONS answers 204 with the path's Allow, and 404 on a path no route declares (the CORS
 * plugin's catch-all route would otherwise answer every path, and a request without CORS
 * headers with a plain-text 400).
 */
function answerOptions(fastify: FastifyInstance, routes: RouteTable): void {
  // A callback hook, not an async one: every other request passes it without making a promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'OPTIONS' || (request.routeOptions.url !== undefined && request.routeOptions.url !== '*')) return done();
    // As Fastify does for an async hook: on to the next stage, which stops if this answered.
    optionsAnswer(request, reply, routes).then(() => done(), done);
  });
}

async function optionsAnswer(request: FastifyRequest, reply: FastifyReply, routes: RouteTable): Promise<void> {
  const allowed = routes.allowedMethods(request.url);
  // Unrouted, the not-found handler answers 404; under the CORS catch-all, this answers it.
  if (allowed.length === 0 && request.routeOptions.url === undefined) return;
  if (allowed.length === 0) return sendProblem(request, reply, routeMiss(routes, request, reply));
  const preflight = request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
  if (preflight && request.routeOptions.url === '*') return;
  await reply.code(204).header('allow', allowed.join(', ')).send();
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (typeof length === 'string' && length !== '0');
}

export interface HttpAppOptions {
  /** Serve Swagger UI at /docs and the OpenAPI document at /docs-json. */
  docs?: { title: string; description: string };
  /** Runs after the app is configured and before it listens (e.g. to serve message handlers). */
  beforeListen?: (app: NestFastifyApplication) => Promise<void>;
}

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** The root of one process: what its bootstrap composes (platform, messaging, app modules). */
@Module({})
class ProcessModule {}

/**
 * Builds, configures and starts one process's Nest application on Fastify: the same for the
 * monolith and every split-mode service, so errors, logs, probes and limits behave alike.
 */
export async function startHttpApp(imports: DynamicModule[], config: PlatformConfig, options: HttpAppOptions = {}): Promise<RunningApp> {
  startTracing(config.SERVICE_NAME);
  const root: DynamicModule = { module: ProcessModule, imports };
  const routes = new RouteTable();
  const security = await securityHeaders();
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    // X-Forwarded-For is believed from the configured proxies only: from anyone else it would
    // let a client pick the address its anonymous rate limit is counted under.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    return503OnClosing: true,
    frameworkErrors: answerRoutingError,
    clientErrorHandler: clientErrorHandler(routes),
  });
  const fastify = adapter.getInstance();
  observeHttpRequests(fastify, () => ({ metrics: app.get(MetricsService), log: app.get(ProcessLogger).pino }));
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  // From SIGTERM on, every answer closes its connection: keep-alive clients and proxies reconnect
  // elsewhere, and no connection left idle after its last answer holds the close until the
  // shutdown timeout (the server's close only ends connections idle at that moment).
  let health: HealthService | undefined;
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    const phase = (health ??= app.get(HealthService) as HealthService).currentPhase;
    if (phase === 'draining') void reply.header('connection', 'close');
    done(null, payload);
  });
  answerOptions(fastify, routes);
  // Bodies are JSON only: any other content type answers 415 instead of reaching validation.
  fastify.removeContentTypeParser('text/plain');
  // Security headers on every answer of every process (probes and metrics too), written as the
  // constants they are (see securityHeaders).
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(security).header('x-request-id', request.id);
    // Nest registers a form parser of its own at init; refuse every non-JSON body here instead.
    if (request.routeOptions.url && hasBody(request.headers) && !JSON_CONTENT.test(request.headers['content-type'] ?? 'application/json')) {
      sendProblem(request, reply, new AppError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json.')).then(() => done(), done);
      return;
    }
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(ProcessLogger));
  parseJsonBodies(app, fastify.getDefaultJsonParser('error', 'error'));
  app.useGlobalFilters(new ProblemFilter(routes));
  app.useGlobalPipes(new RequestValidationPipe());
  await optional<HttpEdge>(app, HTTP_EDGE)?.configure(app);
  if (options.docs) serveDocs(app, options.docs);
  await options.beforeListen?.(app);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  const url = await app.getUrl();
  const address = url.replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
  const listening = options.docs ? `listening on ${address}; API docs at ${address}/docs` : `listening on ${address}`;
  new NestLogger('Bootstrap').log(listening);
  const readiness = app.get(HealthService);
  // Development is a person at a terminal: the last thing it shows is what is running where.
  if (config.isDevelopment) {
    void readiness.ready
      .then(async () => ({ listening, finishedStartupTasks: readiness.finishedStartupTasks(), dependencies: (await readiness.readiness()).dependencies }))
      .then((state) => process.stdout.write(startupSummary(config, state)));
  }
  readiness.markListening();
  return { app, url: address, close: () => app.close() };
}

/**
 * JSON bodies: Fastify's parser (which refuses `__proto__` and `constructor.prototype`), then
 * the platform's checks of depth and of strings PostgreSQL cannot store, before any validator
 * or use case sees the body.
 */
function parseJsonBodies(app: NestFastifyApplication, parse: ReturnType<FastifyInstance['getDefaultJsonParser']>): void {
  // PATCH bodies are JSON merge patches (RFC 7396): their own media type is JSON too.
  app.useBodyParser(['application/json', 'application/merge-patch+json'], { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    parse(request as never, body.toString('utf8'), (error, value) => {
      if (error) return done(error);
      try {
        checkJsonBody(value);
      } catch (problem) {
        return done(problem as Error);
      }
      done(null, value);
    });
  });
}

/**
 * A provider this process may not have. Asked through ModuleRef: the application object runs
 * every call in Nest's exception zone, which logs a miss at error level before rethrowing it.
 */
function optional<T>(app: NestFastifyApplication, token: symbol): T | undefined {
  try {
    return app.get(ModuleRef).get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}

function serveDocs(app: NestFastifyApplication, docs: { title: string; description: string }): void {
  SwaggerModule.setup('docs', app, openApiDocument(app, docs), { jsonDocumentUrl: 'docs-json' });
}

/** The API's OpenAPI document as /docs-json serves it, built from an application's routes. */
export function openApiDocument(app: NestFastifyApplication, docs: { title: string; description: string }): OpenAPIObject {
  return withStrictBodies(withCommonHeaders(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(docs.title)
      .setDescription(docs.description)
      .setVersion('1')
      .addServer('/', 'This deployment: the API is served from the origin of this document')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'staff')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .build(),
  )));
}

/**
 * The OpenAPI document of a process's modules without serving it (`npm run console:api`): the
 * application is created, its routes read, and closed again, never initialised, so no module
 * connects to anything or starts work.
 */
export async function buildOpenApiDocument(imports: DynamicModule[], docs: { title: string; description: string }): Promise<OpenAPIObject> {
  const root: DynamicModule = { module: ProcessModule, imports };
  const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), { logger: false, abortOnError: false });
  try {
    return openApiDocument(app, docs);
  } finally {
    await app.close();
  }
}
