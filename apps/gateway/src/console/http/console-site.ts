import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError, sendProblem } from '#common';
import { ConsoleSettings } from '../console.settings.js';

export const CONSOLE_PATH = '/console';

/** Hashed build output: its name changes with its content, so it may be kept for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: revalidated on every load (ETag), so a new build shows at once. */
const REVALIDATE = 'no-cache';
/** A path segment a built file may have: no `..`, no hidden files, no separators or encodings left. */
const SAFE_SEGMENT = /^(?!\.)[A-Za-z0-9._~@+-]{1,200}$/;

/**
 * The console's files at /console: `assets/<hashed file>` cached for a year, any other path
 * without a file extension (a client route: /console/calendar, /console/jobs/123) answered
 * index.html, so the SPA's router takes over. Every answer carries the console's own CSP.
 *
 * @fastify/static's reply.sendFile sends each file (types, ETag, ranges, HEAD); its own
 * wildcard route is not used, because client routes are answered from this scope's not-found
 * handler: a catch-all route would make every path under /console known to the router, so a
 * POST to an unregistered /console/dev-token would answer 405 instead of the 404 of any
 * unknown route. A path is checked segment by segment before any file is touched, so no
 * spelling of `..` leaves the folder. The folder is read on each request (stat, then the file):
 * a console built after the process started is served without a restart.
 *
 * Registered from onModuleInit, not awaited, like the queue dashboard: Fastify loads the plugin
 * when the server starts, after Nest has installed its error handler, so errors thrown here are
 * answered by the platform's ProblemFilter (404, or 405 with Allow, as for every route).
 */
@Injectable()
export class ConsoleSite implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly settings: ConsoleSettings,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    void fastify.register(
      async (scope) => {
        // reply.sendFile in this scope only; every file names its root.
        await scope.register(fastifyStatic as never, { serve: false });
        scope.addHook('onRequest', (_request, reply, done) => {
          void reply.header('content-security-policy', this.settings.csp);
          done();
        });
        scope.get('/', (request, reply) => this.send(request, reply, 'index.html'));
        scope.get('/assets/*', (request, reply) => this.send(request, reply, `assets/${(request.params as Record<string, string>)['*']}`));
        scope.setNotFoundHandler((request, reply) => {
          if (request.method !== 'GET' && request.method !== 'HEAD') throw new NotFoundError('Route');
          return this.send(request, reply, clientPath(request.url));
        });
      },
      { prefix: CONSOLE_PATH },
    );
    void stat(join(this.settings.dir, 'index.html')).then(
      () => this.logger.log(`staff console at ${CONSOLE_PATH} (from ${this.settings.dir})`),
      () => this.logger.log(`the staff console is not built (no index.html in ${this.settings.dir}): /console answers 404 CONSOLE_NOT_BUILT until \`npm run build\` makes it, or CONSOLE_DIR names it`),
    );
  }

  /** Sends a file of the console, index.html for a client route; a problem+json 404 for anything else. */
  private async send(request: FastifyRequest, reply: FastifyReply, path: string | null): Promise<FastifyReply> {
    const segments = path?.split('/') ?? [];
    if (path === null || segments.some((s) => !SAFE_SEGMENT.test(s))) return sendProblem(request, reply, new NotFoundError('Console file'));
    const isFile = segments[0] === 'assets' || segments.at(-1)!.includes('.');
    const file = isFile ? path : 'index.html';
    if (!(await isRegularFile(join(this.settings.dir, file)))) {
      if (file === 'index.html') return sendProblem(request, reply, NOT_BUILT);
      return sendProblem(request, reply, new NotFoundError('Console file', file.slice(0, 200)));
    }
    void reply.header('cache-control', file.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    return reply.sendFile(file, this.settings.dir, { cacheControl: false, dotfiles: 'deny', index: false });
  }
}

/**
 * The path below /console of a request the router found no route for, decoded once, or null
 * when it cannot name a file (bad encoding, a separator or NUL inside a segment once decoded).
 * `/console`, `/console/` and client routes such as `/console/jobs/123` become index.html's path.
 */
function clientPath(url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return null;
  }
  if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return null;
  const rest = path.slice(CONSOLE_PATH.length).replace(/^\/+|\/+$/g, '');
  return rest === '' ? 'index.html' : rest;
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * 404, not 503: nothing appears here by waiting, and no request may produce a 5xx. The folder
 * looked in is logged at start, not told to clients.
 */
const NOT_BUILT = new AppError('not_found', 'CONSOLE_NOT_BUILT', 'The staff console is not built: run `npm run build` (it writes dist/console), or set CONSOLE_DIR to its folder.');
