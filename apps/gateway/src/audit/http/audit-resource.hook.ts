import type { FastifyInstance } from 'fastify';
import type { AuthenticatedRequest } from '../../auth/access.guard.js';

/** Methods that change nothing: the trail skips them. */
export const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the trail reads from a request once it is answered. */
export interface AuditedRequest extends AuthenticatedRequest {
  auditResourceId?: string;
}

/**
 * Notes the id of what a write created (from its answer, before it is serialized), for the
 * audit entry. A Fastify hook rather than a global Nest interceptor: a global interceptor puts
 * Nest's rxjs chain on every route, reads and probes included, and a route doing nothing
 * answered 0.55 of bare Fastify without it against 0.37 with it (docs/benchmarks.md, "Hot read path").
 */
export function noteCreatedResources(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (request: AuditedRequest, reply, payload, done) => {
    if (!READS.has(request.method) && reply.statusCode < 400 && payload !== null && typeof payload === 'object') {
      const { id, slug } = payload as { id?: unknown; slug?: unknown };
      const created = typeof id === 'string' ? id : typeof slug === 'string' ? slug : undefined;
      if (created) request.auditResourceId = created.slice(0, 200);
    }
    done(null, payload);
  });
}
