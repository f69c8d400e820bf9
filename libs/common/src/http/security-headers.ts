import helmet from '@fastify/helmet';
import Fastify from 'fastify';

/**
 * The security policy of every answer of every process. It allows what Swagger UI at /docs
 * needs (its inline styles and the validator badge).
 */
export const SECURITY_POLICY = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'cross-origin' as const },
};

/**
 * The headers @fastify/helmet writes for `policy`, taken once from the plugin itself (one
 * request to a private Fastify instance) so that the names and values stay the library's.
 *
 * Why not the plugin on every request: it builds helmet's middleware anew for each request
 * (the CSP directives are parsed and the header string rebuilt every time), 5.7 % of the
 * monolith's CPU on a route that does nothing and 3.6 % on the cached live list (--cpu-prof,
 * docs/benchmarks.md, "Hot read path"). With no per-request option (no nonces, no per-route
 * policy) the answer is the same on every request, so it is computed once.
 */
export async function securityHeaders(policy: object = SECURITY_POLICY): Promise<Readonly<Record<string, string>>> {
  const probe = Fastify({ logger: false });
  const bare = Fastify({ logger: false });
  await probe.register(helmet as never, policy);
  for (const app of [probe, bare]) app.get('/', (_request, reply) => void reply.send(''));
  try {
    const [withPolicy, without] = await Promise.all([probe.inject('/'), bare.inject('/')]);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(withPolicy.headers)) {
      if (!(name in without.headers) && typeof value === 'string') headers[name] = value;
    }
    return Object.freeze(headers);
  } finally {
    await Promise.all([probe.close(), bare.close()]);
  }
}
