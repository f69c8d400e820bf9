import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * A process that serves the public API (the gateway, alone or in the monolith) provides this
 * token; `startHttpApp` then calls `configure` once, after the application is created and
 * before its routes are registered, so the edge's Fastify plugins and hooks (CORS, audit) cover
 * every route. Processes without it (campaigns, jobs) serve only probes and metrics.
 */
export const HTTP_EDGE = Symbol.for('campaigns-platform.http-edge');

export interface HttpEdge {
  configure(app: NestFastifyApplication): Promise<void>;
}
