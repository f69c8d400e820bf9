import { describe, expect, it } from '@jest/globals';
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { SECURITY_POLICY, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it('are exactly the headers @fastify/helmet writes per request for the same policy', async () => {
    const constant = await securityHeaders();
    const app = Fastify({ logger: false });
    await app.register(helmet as never, SECURITY_POLICY);
    app.get('/', (_request, reply) => void reply.send('x'));
    const perRequest = (await app.inject('/')).headers;
    await app.close();
    for (const [name, value] of Object.entries(constant)) expect(perRequest[name]).toBe(value);
    const helmetNames = Object.keys(perRequest).filter((name) => !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(name));
    expect(Object.keys(constant).sort()).toEqual(helmetNames.sort());
  });

  it('hold the policy the product needs: Swagger UI allowed, framing refused, no transport headers', async () => {
    const headers = await securityHeaders();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain('img-src \'self\' data: validator.swagger.io');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers).not.toHaveProperty('content-type');
    expect(headers).not.toHaveProperty('content-length');
    expect(headers).not.toHaveProperty('date');
    expect(Object.isFrozen(headers)).toBe(true);
  });
});
