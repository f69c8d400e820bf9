import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError, toAppError, toProblem, UnauthenticatedError } from '#common';
import { JobsConfig } from '../../../jobs.config.js';
import { JobQueues } from './job-queues.js';
import { LoginThrottle } from './login-throttle.js';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * The policy of the dashboard's own answers, in place of the platform's: Bull Board's page
 * loads its scripts and styles from here, sets inline styles, and takes its fonts from Google
 * Fonts (a stylesheet and the font files); it runs no inline script (its one inline <script>
 * is JSON). No `upgrade-insecure-requests`: operators often reach a jobs process on plain HTTP
 * inside the cluster, where upgraded asset URLs would not load.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' data: https://fonts.gstatic.com",
  "img-src 'self' data:",
  "object-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Bull Board at /admin/queues (monolith and jobs service, API role), behind HTTP Basic with user
 * `ops` and QUEUE_DASHBOARD_PASSWORD; not mounted at all when the password is unset (404).
 *
 * The guard is an onRequest hook of the encapsulated plugin Bull Board's routes live in, so it
 * runs for exactly the requests the router sent there, however their path was spelled
 * (percent-encoding, trailing slash, HEAD): a check of the raw URL would miss what the router
 * decodes. Failed logins are throttled per client address (LoginThrottle).
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);

  constructor(
    private readonly config: JobsConfig,
    private readonly queues: JobQueues,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const password = this.config.QUEUE_DASHBOARD_PASSWORD;
    if (!password) return;
    const throttle = new LoginThrottle({ maxFailures: this.config.QUEUE_DASHBOARD_MAX_FAILURES, windowMs: this.config.QUEUE_DASHBOARD_FAILURE_WINDOW_S * 1000 });
    const guard = basicAuthGuard(password, throttle);
    const board = this.board();
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Not awaited: Fastify loads it when the server starts.
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', guard);
        scope.addHook('onSend', dashboardAnswer);
        // Any other path under the prefix is the dashboard's too (the router prefers Bull Board's
        // own routes): guarded like the rest, then 404.
        scope.all('/*', () => {
          throw new NotFoundError('Dashboard page');
        });
        await scope.register(board);
      },
      { prefix: DASHBOARD_PATH },
    );
    this.logger.log(`queue dashboard at ${DASHBOARD_PATH} (HTTP Basic, user ops)`);
  }

  private board(): FastifyPluginCallback {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    // No retry buttons: the store is the record, and it refuses to run a job it holds as final
    // again; a failed job is retried with POST /v1/jobs/{id}/retry.
    createBullBoard({ queues: this.queues.all().map((q) => new BullMQAdapter(q, { allowRetries: false })), serverAdapter });
    // Errors go on to the platform's handler (problem+json, no stack) instead of Bull Board's
    // (its own shape, with the stack in development).
    serverAdapter.setErrorHandler((error) => {
      throw error;
    });
    return serverAdapter.registerPlugin() as FastifyPluginCallback;
  }
}

/** The onRequest hook: 429 while the client is locked out, else the credentials or a 401 challenge. */
function basicAuthGuard(password: string, throttle: LoginThrottle) {
  const expected = digest(`ops:${password}`);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const client = request.ip;
    const wait = throttle.retryAfterS(client);
    if (wait > 0) {
      throw new AppError('rate_limited', 'RATE_LIMITED', `Too many failed logins to the queue dashboard; retry after ${wait} s.`, { retryAfterSeconds: wait });
    }
    const given = basicCredentials(request.headers.authorization);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      throttle.succeeded(client);
      return;
    }
    // A request without credentials is a browser asking for the prompt, not a guess.
    if (request.headers.authorization !== undefined) throttle.failed(client);
    void reply.header('www-authenticate', 'Basic realm="queues", charset="UTF-8"');
    throw new UnauthenticatedError('The queue dashboard needs HTTP Basic credentials (user ops).');
  };
}

/** `user:password` of an HTTP Basic header (the scheme is case-insensitive), or undefined. */
function basicCredentials(header: string | undefined): string | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : undefined;
}

/** Fixed-length digests, so comparing them tells nothing about the password's length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The onSend hook: the dashboard's CSP on every answer, and Bull Board's own error answers
 * (`{error: {key}, message}`, e.g. an unknown queue) as problem+json keeping those fields,
 * which its page reads.
 */
async function dashboardAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  void reply.header('content-security-policy', DASHBOARD_CSP);
  const type = String(reply.getHeader('content-type') ?? '');
  if (reply.statusCode < 400 || !type.startsWith('application/json') || typeof payload !== 'string') return payload;
  const body = parseObject(payload);
  const base = toAppError({ statusCode: reply.statusCode });
  const message = typeof body.message === 'string' ? body.message : base.message;
  const problem = toProblem(new AppError(base.kind, base.code, message, { ...base.details, error: body.error }), request.url.split('?')[0]!, String(request.id));
  void reply.header('content-type', 'application/problem+json; charset=utf-8');
  return JSON.stringify(problem);
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
