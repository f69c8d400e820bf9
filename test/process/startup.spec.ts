import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { eventually, request } from '../harness/http.js';
import { freePort } from '../harness/private-servers.js';
import { Service, Spawned } from '../harness/spawned.js';
import { adminQuery, SHARED_POSTGRES, SHARED_REDIS } from '../harness/test-env.js';

/** The built processes, started the way `npm start` and the split deployment start them. */
describe('process start-up', () => {
  const databases: string[] = [];
  const processes: Spawned[] = [];

  const envFor = async (overrides: Record<string, string> = {}): Promise<{ env: NodeJS.ProcessEnv; port: number }> => {
    const port = await freePort();
    const database = `cp_start_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    databases.push(database);
    const url = new URL(SHARED_POSTGRES);
    url.pathname = `/${database}`;
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: url.toString(),
      REDIS_URL: SHARED_REDIS,
      REDIS_PREFIX: `test-${database}`,
      ...overrides,
    };
    return { env, port };
  };

  const start = (service: Service, env: NodeJS.ProcessEnv): Spawned => {
    const spawned = Spawned.start(service, env);
    processes.push(spawned);
    return spawned;
  };

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL').catch(() => undefined)));
    for (const database of databases) await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('the monolith creates its database, migrates, serves readiness and docs within 10 s, and exits 0 on SIGTERM', async () => {
    const { env, port } = await envFor();
    const started = Date.now();
    const monolith = start('monolith', env);
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).status === 200 ? true : undefined), 10_000);
    expect((await request(base, 'GET', '/docs')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(monolith.output).toContain(`listening on http://localhost:${port}; API docs at http://localhost:${port}/docs`);
    const database = new URL(env.DATABASE_URL!).pathname.slice(1);
    const lines = await eventually(async () => {
      const output = monolith.output.trimEnd().split('\n');
      return output.some((line) => line.startsWith('monolith ready: ')) ? output : undefined;
    }, 5_000);
    const summary = lines.findIndex((line) => line.startsWith('monolith ready: '));
    // Printed once migrations are applied, and nothing of start-up comes after it.
    expect(lines.findLastIndex((line) => line.includes('migration(s) to schema'))).toBeGreaterThan(-1);
    expect(summary).toBeGreaterThan(lines.findLastIndex((line) => line.includes('migration(s) to schema')));
    expect(lines.slice(summary)).toEqual([
      `monolith ready: listening on http://localhost:${port}; API docs at http://localhost:${port}/docs`,
      `  PostgreSQL  127.0.0.1:5432, database ${database}, user postgres`,
      `  Redis       127.0.0.1:6379, key prefix ${env.REDIS_PREFIX}`,
      '  migrations  applied, schemas identity, jobs, marketing up to date',
      expect.stringMatching(/^ {2}logs {8}JSON at LOG_LEVEL=info; /),
    ]);
    const { rows } = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [new URL(env.DATABASE_URL!).pathname.slice(1)]);
    expect(rows).toHaveLength(1);
    // Each init hook ran once: the development-secret warning (an onApplicationBootstrap hook) appears once.
    expect(monolith.output.match(/JWT_SECRET is not set/g)).toHaveLength(1);
    expect(await monolith.stop('SIGTERM')).toBe(0);
  });

  it("Nest's inventory of modules and routes is logged at debug in development, at info in production (JSON only there)", async () => {
    const chatter = /"level":30,[^\n]*"context":"(InstanceLoader|RoutesResolver|RouterExplorer)"/;
    const ready = async (overrides: Record<string, string>): Promise<string> => {
      const { env, port } = await envFor(overrides);
      if (overrides.NODE_ENV === 'production') await adminQuery(`CREATE DATABASE "${new URL(env.DATABASE_URL!).pathname.slice(1)}"`); // production creates none
      const monolith = start('monolith', env);
      await eventually(async () => ((await request(`http://127.0.0.1:${port}`, 'GET', '/health/ready')).status === 200 ? true : undefined), 10_000);
      expect(await monolith.stop('SIGTERM')).toBe(0);
      return monolith.output;
    };
    expect(await ready({})).not.toMatch(chatter);
    const production = await ready({ NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64') });
    expect(production).toMatch(chatter);
    expect(production.trimEnd().split('\n').filter((line) => !line.startsWith('{'))).toEqual([]);
  });

  it.each(['gateway', 'campaigns', 'jobs'] as const)('%s starts alone and serves its probes and metrics', async (service) => {
    const { env, port } = await envFor();
    const spawned = start(service, env);
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).status === 200 ? true : undefined), 10_000);
    expect((await request(base, 'GET', '/health/live')).status).toBe(200);
    const metrics = await request(base, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('process_cpu_seconds_total');
    expect(spawned.output).not.toContain('"level":50'); // nothing at error level on a healthy start
    expect(await spawned.stop('SIGTERM')).toBe(0);
  });

  it('readiness is 503 while draining after SIGTERM', async () => {
    const { env, port } = await envFor({ SHUTDOWN_DRAIN_MS: '1500' });
    const monolith = start('monolith', env);
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).status === 200 ? true : undefined), 10_000);
    monolith.child.kill('SIGTERM');
    const draining = await eventually(async () => {
      const res = await request(base, 'GET', '/health/ready');
      return res.status === 503 ? res : undefined;
    }, 1_400, 50);
    expect(draining.body.phase).toBe('draining');
    expect(await monolith.exitCode()).toBe(0);
  });

  describe('a bad configuration stops start-up with one clear line', () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['DATABASE_URL not a postgres URL', { DATABASE_URL: 'mysql://localhost/x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL \(got "mysql:\/\/localhost\/x"\)$/],
      ['PORT not a number', { PORT: 'abc' }, /^Invalid configuration: PORT must be an integer from 0 to 65535 \(got "abc"\)$/],
      ['PORT out of range', { PORT: '70000' }, /^Invalid configuration: PORT must be an integer from 0 to 65535 \(got "70000"\)$/],
      ['MIGRATIONS unknown', { MIGRATIONS: 'sometimes' }, /^Invalid configuration: MIGRATIONS must be auto or off/],
    ];

    it.each(cases)('%s', async (_name, overrides, line) => {
      const { env } = await envFor(overrides);
      for (const service of ['monolith', 'campaigns'] as const) {
        const spawned = start(service, env);
        expect(await spawned.exitCode()).toBe(1);
        const lines = spawned.output.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(line);
      }
    });
  });
});
