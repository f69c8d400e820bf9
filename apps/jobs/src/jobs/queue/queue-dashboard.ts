import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JobsConfig } from '../../jobs.config.js';
import { JobQueues } from './job-queues.js';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues (monolith and jobs service, API role), behind HTTP Basic with user
 * `ops` and QUEUE_DASHBOARD_PASSWORD; not mounted at all when the password is unset (404).
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);
  private mounted = false;

  constructor(
    private readonly config: JobsConfig,
    private readonly queues: JobQueues,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    // Lifecycle hooks run again when the process starts its message server (same container): once only.
    const password = this.config.QUEUE_DASHBOARD_PASSWORD;
    if (!password || this.mounted) return;
    this.mounted = true;
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    // Bull Board declares its entry page at '' and '/'; the platform's Fastify ignores trailing
    // slashes, so both are one path and declaring it twice fails: keep one of each.
    const setEntryRoute = serverAdapter.setEntryRoute.bind(serverAdapter);
    serverAdapter.setEntryRoute = (route) => setEntryRoute({ ...route, route: [...new Set([route.route].flat().map((r) => (r === '/' ? '' : r)))] });
    createBullBoard({ queues: this.queues.all().map((q) => new BullMQAdapter(q)), serverAdapter });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Registered at the root (not awaited: Fastify loads it when the server starts); the hook
    // guards every path under the dashboard's prefix, its API and static files included.
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0]!;
      if (path !== DASHBOARD_PATH && !path.startsWith(`${DASHBOARD_PATH}/`)) return;
      if (authorised(request.headers.authorization, password)) return;
      await reply
        .code(401)
        .header('www-authenticate', 'Basic realm="queues", charset="UTF-8"')
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send({
          type: 'https://problems.campaigns.dev/unauthenticated',
          title: 'Unauthorized',
          status: 401,
          detail: 'The queue dashboard needs HTTP Basic credentials (user ops).',
          instance: path,
          code: 'UNAUTHENTICATED',
          requestId: String(request.id),
        });
    });
    void fastify.register(serverAdapter.registerPlugin() as never, { prefix: DASHBOARD_PATH });
    this.logger.log(`queue dashboard at ${DASHBOARD_PATH} (HTTP Basic, user ops)`);
  }
}

function authorised(header: string | undefined, password: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const expected = Buffer.from(`ops:${password}`);
  const given = Buffer.from(Buffer.from(header.slice(6).trim(), 'base64').toString('utf8'));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
