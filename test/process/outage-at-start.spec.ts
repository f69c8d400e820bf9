import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { bearer, opsToken } from '../harness/auth.js';
import { eventually, request } from '../harness/http.js';
import { freePort, PrivateRedis } from '../harness/private-servers.js';
import { Service, Spawned } from '../harness/spawned.js';
import { adminQuery, SHARED_POSTGRES, SHARED_REDIS } from '../harness/test-env.js';

/**
 * What `npm start` promises when a dependency is missing at start: the process listens, says
 * once which server is missing and how to start it, answers what it can, and recovers by
 * itself; a production start with guessable secrets refuses to run, in one line.
 */
describe('start-up with a dependency missing, and production secrets', () => {
  const databases: string[] = [];
  const processes: Spawned[] = [];
  const redises: PrivateRedis[] = [];

  const envFor = async (overrides: Record<string, string> = {}): Promise<{ env: NodeJS.ProcessEnv; base: string }> => {
    const port = await freePort();
    const database = `cp_outage_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
    databases.push(database);
    const url = new URL(SHARED_POSTGRES);
    url.pathname = `/${database}`;
    const env = { PATH: process.env.PATH, NODE_ENV: 'development', PORT: String(port), DATABASE_URL: url.toString(), REDIS_URL: SHARED_REDIS, REDIS_PREFIX: `test-${database}`, ...overrides };
    return { env, base: `http://127.0.0.1:${port}` };
  };

  const start = (service: Service, env: NodeJS.ProcessEnv): Spawned => {
    const spawned = Spawned.start(service, env);
    processes.push(spawned);
    return spawned;
  };

  const jsonLines = (output: string) => output.trim().split('\n').filter(Boolean);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL').catch(() => undefined)));
    redises.forEach((r) => r.kill());
    for (const database of databases) await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('Redis closed at start: the monolith listens, names Redis once, and recovers when it comes', async () => {
    const redis = await PrivateRedis.notStarted();
    redises.push(redis);
    const { env, base } = await envFor({ REDIS_URL: redis.url });
    const monolith = start('monolith', env);
    await eventually(async () => ((await request(base, 'GET', '/health/live')).status === 200 ? true : undefined), 15_000);
    const ready = await eventually(async () => {
      const res = await request(base, 'GET', '/health/ready');
      return res.body?.phase === 'ready' ? res : undefined;
    }, 15_000);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', dependencies: { redis: { status: 'down', error: 'not connected' }, postgres: { status: 'up' } } });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // what an operator would read meanwhile
    const lines = jsonLines(monolith.output);
    // The plain lines are development's start-up summary, naming the Redis that does not answer;
    // no raw stacks among the JSON lines.
    const summary = lines.findIndex((l) => l.startsWith('monolith ready: '));
    expect(lines[summary + 2]).toContain(`Redis       127.0.0.1:${redis.port}, key prefix ${env.REDIS_PREFIX}; NOT ANSWERING`);
    expect(lines.filter((l, i) => !l.startsWith('{') && (i < summary || i > summary + 4))).toEqual([]);
    const redisLines = lines.filter((l) => l.includes('Redis at'));
    expect(redisLines).toHaveLength(1);
    expect(redisLines[0]).toContain(`Redis at 127.0.0.1:${redis.port} does not answer (ECONNREFUSED). Start it with: docker compose -f docker/compose.yml up -d`);
    expect(lines.filter((l) => /"level":(40|50|60)/.test(l)).length).toBeLessThan(10);

    await redis.start();
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).body?.status === 'ok' ? true : undefined), 15_000);
    expect(monolith.output).toContain(`Redis at 127.0.0.1:${redis.port} answers again`);
    expect(await monolith.stop('SIGTERM')).toBe(0);
  });

  it('Redis closed at start: a split gateway listens and answers 503 at once for what needs a service', async () => {
    const { env, base } = await envFor({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    start('gateway', env);
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).body?.phase === 'ready' ? true : undefined), 15_000);
    const asked = Date.now();
    const res = await request(base, 'GET', '/v1/admin/jobs', { headers: bearer(await opsToken()) });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - asked).toBeLessThan(3000);
  });

  it('PostgreSQL closed at start: API calls answer 503, as during an outage after start', async () => {
    const { env, base } = await envFor({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/campaigns` });
    const monolith = start('monolith', env);
    await eventually(async () => ((await request(base, 'GET', '/health/live')).status === 200 ? true : undefined), 15_000);
    const res = await request(base, 'GET', '/v1/campaign-events', { headers: { 'x-api-key': `cpk_${randomBytes(32).toString('base64url')}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(monolith.output).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+ does not answer \(ECONNREFUSED\)/);
  });

  it('a database that does not exist (production) is named as such, with what creates it', async () => {
    const { env, base } = await envFor({ NODE_ENV: 'production', JWT_SECRET: randomBytes(36).toString('base64'), MIGRATIONS: 'auto' });
    const database = new URL(env.DATABASE_URL!).pathname.slice(1);
    const gateway = start('gateway', env);
    await eventually(async () => ((await request(base, 'GET', '/health/live')).status === 200 ? true : undefined), 15_000);
    const messages = () => jsonLines(gateway.output).map((l) => (JSON.parse(l) as { msg: string }).msg);
    const line = await eventually(async () => messages().find((m) => m.includes('does not exist')), 15_000);
    expect(line).toContain(`PostgreSQL at 127.0.0.1:5432 answers, but database "${database}" does not exist. Create it`);
    expect(messages().some((m) => m.includes('does not answer'))).toBe(false);
  });

  it.each([
    ['JWT_SECRET one character repeated', 'gateway', { JWT_SECRET: 'a'.repeat(48) }, /^Invalid configuration: JWT_SECRET is too easy to guess/],
    ['JWT_SECRET a pattern repeated', 'monolith', { JWT_SECRET: 'abc123'.repeat(8) }, /^Invalid configuration: JWT_SECRET is too easy to guess/],
    ['QUEUE_DASHBOARD_PASSWORD too short', 'jobs', { QUEUE_DASHBOARD_PASSWORD: 'x' }, /^Invalid configuration: QUEUE_DASHBOARD_PASSWORD must be at least 16 characters when NODE_ENV=production$/],
    ['QUEUE_DASHBOARD_PASSWORD repeated', 'monolith', { JWT_SECRET: 'pV8q2Lx7Rt9ZmW4bN6cK1sD3fG5hJ0aYe', QUEUE_DASHBOARD_PASSWORD: 'passwordpassword' }, /^Invalid configuration: QUEUE_DASHBOARD_PASSWORD is too easy to guess/],
  ] as const)('production refuses a guessable secret in one line: %s', async (_label, service, overrides, line) => {
    const { env } = await envFor({ NODE_ENV: 'production', ...overrides });
    const spawned = start(service, env);
    expect(await spawned.exitCode()).toBe(1);
    const lines = jsonLines(spawned.output);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
});
