import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, request } from '../harness/http.js';
import { freePort, PrivatePostgres } from '../harness/private-servers.js';
import { Spawned } from '../harness/spawned.js';
import { SHARED_REDIS } from '../harness/test-env.js';

/**
 * PostgreSQL goes away under a running monolith (a private cluster, stopped as a crash would),
 * and is away when it starts: readiness names it, the logs say how to start it, and everything
 * recovers by itself when it returns. The shared PostgreSQL is never touched.
 */
describe('PostgreSQL outage', () => {
  let pg: PrivatePostgres;
  let monolith: Spawned | undefined;
  let base: string;

  const readiness = async () => (await request(base, 'GET', '/health/ready')).body;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
  });

  afterAll(async () => {
    await monolith?.stop('SIGKILL');
    pg.destroy();
  });

  it('starts while PostgreSQL is down, says which and how to start it, and becomes ready when it returns', async () => {
    pg.crash();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    monolith = Spawned.start('monolith', {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: pg.url,
      REDIS_URL: SHARED_REDIS,
      REDIS_PREFIX: `test-pg-outage-${port}`,
    });
    const starting = await eventually(async () => {
      const res = await request(base, 'GET', '/health/ready');
      return res.status === 503 ? res.body : undefined;
    });
    expect(starting).toMatchObject({ status: 'down', phase: 'starting', dependencies: { postgres: { status: 'down' } } });
    await eventually(async () => (monolith!.output.includes('does not answer') ? true : undefined));
    expect(monolith.output).toMatch(new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${pg.port} does not answer .*docker compose -f docker/compose.yml up -d`));

    pg.start();
    const ready = await eventually(async () => {
      const res = await request(base, 'GET', '/health/ready');
      return res.status === 200 ? res.body : undefined;
    }, 20_000);
    expect(ready).toMatchObject({ status: 'ok', phase: 'ready', dependencies: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('names PostgreSQL as down while it is away, stays live, and recovers by itself', async () => {
    pg.crash();
    const degraded = await eventually(async () => {
      const body = await readiness();
      return body.dependencies.postgres.status === 'down' ? body : undefined;
    });
    // The monolith still serves what needs no database (cached reads), so it is degraded, not down.
    expect(degraded).toMatchObject({ status: 'degraded', dependencies: { postgres: { status: 'down' }, redis: { status: 'up' } } });
    expect((await request(base, 'GET', '/health/live')).status).toBe(200);
    const deployment = await request(base, 'GET', '/health');
    expect(deployment.body.services.campaigns.status).toBe('degraded');

    pg.start();
    const recovered = await eventually(async () => {
      const body = await readiness();
      return body.status === 'ok' ? body : undefined;
    }, 20_000);
    expect(recovered.dependencies.postgres.status).toBe('up');
  });
});
