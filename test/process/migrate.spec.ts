import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { eventually, request } from '../harness/http.js';
import { freePort } from '../harness/private-servers.js';
import { Spawned } from '../harness/spawned.js';
import { adminQuery, TestEnvironment } from '../harness/test-env.js';

/**
 * The migration job as Kubernetes (k8s/base/migrate-job.yaml) and docker/compose.split.yml run
 * it: the three built entrypoints in order against an empty database, then services started
 * with MIGRATIONS=off find their schemas ready.
 */
const ENTRYPOINTS = [
  { app: 'gateway', schema: 'identity', file: 'dist/apps/gateway/src/migrate.js' },
  { app: 'campaigns', schema: 'marketing', file: 'dist/apps/campaigns/src/migrate.js' },
  { app: 'jobs', schema: 'jobs', file: 'dist/apps/jobs/src/migrate.js' },
] as const;

describe('migration job entrypoints', () => {
  let env: TestEnvironment;
  const processes: Spawned[] = [];

  const run = async (file: string, vars: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> => {
    const spawned = Spawned.startFile(file, vars);
    processes.push(spawned);
    const code = await spawned.exitCode(30_000);
    return { code, output: spawned.output };
  };

  const appliedCount = (output: string): number => {
    const line = output.split('\n').find((l) => l.includes('"job":"migrate"'));
    if (!line) throw new Error(`no migration log line in:\n${output}`);
    return JSON.parse(line).applied;
  };

  beforeAll(async () => {
    for (const { file } of ENTRYPOINTS) {
      if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx tsc -p tsconfig.build.json)`);
    }
    env = await TestEnvironment.create();
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL').catch(() => undefined)));
    await env?.drop();
  });

  it('apply every schema in order, each logging one line with its count, then a second run applies 0', async () => {
    const vars = env.vars({ LOG_LEVEL: 'info' });
    for (const { file, schema } of ENTRYPOINTS) {
      const { code, output } = await run(file, vars);
      expect({ file, code, output }).toEqual({ file, code: 0, output: expect.stringContaining(`to schema ${schema}`) });
      expect(output.trim().split('\n')).toHaveLength(1);
      expect(appliedCount(output)).toBeGreaterThan(0);
    }
    const { rows } = await adminQuery(
      `SELECT table_schema, count(*)::int AS n FROM information_schema.tables WHERE table_schema = ANY($1) AND table_name = 'migrations' GROUP BY 1`,
      [ENTRYPOINTS.map((e) => e.schema)],
      env.databaseUrl,
    );
    expect(rows.map((r) => r.table_schema).sort()).toEqual(['identity', 'jobs', 'marketing']);

    for (const { file } of ENTRYPOINTS) {
      const { code, output } = await run(file, vars);
      expect(code).toBe(0);
      expect(appliedCount(output)).toBe(0);
    }
  });

  it('split services with MIGRATIONS=off become ready on the migrated database', async () => {
    const started = await Promise.all(
      (['gateway', 'campaigns', 'jobs'] as const).map(async (service) => {
        const port = await freePort();
        const spawned = Spawned.start(service, env.vars({ PORT: String(port), MIGRATIONS: 'off' }));
        processes.push(spawned);
        return { service, spawned, base: `http://127.0.0.1:${port}` };
      }),
    );
    for (const { base } of started) {
      await eventually(async () => ((await request(base, 'GET', '/health/ready')).status === 200 ? true : undefined), 20_000);
    }
    const gateway = started[0];
    const health = await eventually(async () => {
      const res = await request(gateway.base, 'GET', '/health');
      return res.status === 200 && res.body.services?.campaigns?.status === 'ok' ? res : undefined;
    }, 20_000);
    expect(health.body.services.jobs.status).toBe('ok');
    for (const { spawned } of started) expect(spawned.output).not.toMatch(/applied \d+ migration/);
    for (const { spawned } of started) expect(await spawned.stop('SIGTERM')).toBe(0);
  });

  it('fails with exit 1 and one line when PostgreSQL does not answer', async () => {
    const { code, output } = await run(ENTRYPOINTS[1].file, env.vars({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' }));
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([expect.stringMatching(/^Migrations of schema marketing failed: .*ECONNREFUSED/)]);
  });

  it('fails with exit 1 and the configuration line on a bad variable', async () => {
    const { code, output } = await run(ENTRYPOINTS[0].file, env.vars({ NODE_ENV: 'production' }));
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      'Migrations of schema identity failed: Invalid configuration: JWT_SECRET must be set to a secret of your own when NODE_ENV=production',
    );
  });
});
