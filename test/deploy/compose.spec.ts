import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ComposeFile, dependenciesComposeProblems, durationMs, readCompose, sentinelProfileProblems, splitComposeProblems } from './compose-checks.js';
import { MIGRATING_APPS, migrateEntrypoints } from './k8s-checks.js';
import { REPO_ROOT } from './kustomize.js';

/** docker/: the image, the dependencies alone, and the whole split stack (read, not run: no Docker engine here). */
describe('docker/', () => {
  it('compose.yml is the dependencies alone: PostgreSQL and Redis with append-only persistence', () => {
    expect(dependenciesComposeProblems(readCompose('compose.yml'))).toEqual([]);
  });

  it('compose.yml --profile sentinel: a persistent primary and replica, three sentinels (quorum 2), and the settings its header gives', () => {
    expect(sentinelProfileProblems(readCompose('compose.yml'), composeHeader())).toEqual([]);
  });

  it('compose.split.yml: postgres, redis, a migrate service, then the apps (MIGRATIONS=off) after it completes', () => {
    expect(splitComposeProblems(readCompose('compose.split.yml'))).toEqual([]);
  });

  it('npm run migrate runs the three entrypoints from dist, in order, after building if needed', () => {
    const script = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts.migrate as string;
    expect(script.startsWith('node scripts/ensure-built.mjs && ')).toBe(true);
    expect(migrateEntrypoints(script)).toEqual(MIGRATING_APPS);
    for (const app of MIGRATING_APPS) expect(existsSync(join(REPO_ROOT, `apps/${app}/src/migrate.ts`))).toBe(true);
  });

  it('the Dockerfile runs as a numeric non-root user, starts dist/apps/${APP}/src/main.js, and documents the migrate entrypoints that exist', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'docker/Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/m);
    expect(runtime).toContain('CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]');
    expect(runtime).not.toMatch(/^ENV .*\bPORT=/m); // each app keeps its own default port
    expect(runtime).toMatch(/^COPY --from=build .*\/app\/dist \.\/dist$/m);
    const documented = migrateEntrypoints(dockerfile.split('\n').filter((l) => l.startsWith('#')).join('\n'));
    expect(documented).toEqual(MIGRATING_APPS);
  });

  it('Compose durations', () => {
    expect([durationMs('30s'), durationMs('1m30s'), durationMs('500ms'), durationMs(undefined)]).toEqual([30_000, 90_000, 500, 10_000]);
    expect(() => durationMs('30 seconds')).toThrow('not a duration');
  });
});

const composeHeader = (): string => readFileSync(join(REPO_ROOT, 'docker/compose.yml'), 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');

/** The compose checks can fail: each catches a deliberately broken file. */
describe('compose checks catch broken files', () => {
  const split = (): ComposeFile => readCompose('compose.split.yml');
  const env = (compose: ComposeFile, service: string) => compose.services[service].environment as Record<string, unknown>;

  it('an unquoted off (a boolean in YAML 1.1), MIGRATIONS=auto, a missing migrate dependency', () => {
    const text = readFileSync(join(REPO_ROOT, 'docker/compose.split.yml'), 'utf8').replace('MIGRATIONS: "off"', 'MIGRATIONS: off');
    expect(splitComposeProblems(parse(text, { version: '1.1', merge: true }))).toEqual(
      expect.arrayContaining(['campaigns: MIGRATIONS is false, not a string (quote it)', 'campaigns: MIGRATIONS is false, not "off"']),
    );
    let compose = split();
    env(compose, 'jobs-worker').MIGRATIONS = 'auto';
    expect(splitComposeProblems(compose)).toEqual(['jobs-worker: MIGRATIONS is "auto", not "off"']);
    compose = split();
    delete (compose.services.campaigns.depends_on as Record<string, unknown>).migrate;
    expect(splitComposeProblems(compose)).toEqual(['campaigns: does not depend on migrate completing successfully']);
  });

  it('a healthcheck on a path the apps do not serve, a short stop grace period, a hard-coded JWT secret, another image', () => {
    let compose = split();
    compose.services.gateway.healthcheck = { test: ['CMD', 'curl', '-f', 'http://127.0.0.1:3000/healthz/ready'] };
    expect(splitComposeProblems(compose)).toEqual(['gateway: healthcheck does not ask /health/ready']);
    compose = split();
    compose.services.campaigns.stop_grace_period = '20s';
    expect(splitComposeProblems(compose)).toEqual([expect.stringMatching(/campaigns: stop_grace_period 20s is not longer than SHUTDOWN_TIMEOUT_MS 25000/)]);
    compose = split();
    env(compose, 'gateway').JWT_SECRET = 'a-secret-written-in-the-compose-file-0123456789';
    expect(splitComposeProblems(compose)).toEqual([expect.stringMatching(/gateway: JWT_SECRET must come from the environment/)]);
    compose = split();
    compose.services['jobs-api'].image = 'someone-else:latest';
    expect(splitComposeProblems(compose)).toEqual([expect.stringMatching(/expected one image built from docker\/Dockerfile/)]);
    compose = split();
    compose.services['jobs-api'].build = { context: '.', dockerfile: 'Dockerfile' };
    expect(splitComposeProblems(compose)).toEqual(expect.arrayContaining([expect.stringMatching(/jobs-api: build context \. is not the repository/)]));
  });

  it('a migrate service that skips an app; Redis without append-only persistence or a volume', () => {
    let compose = split();
    compose.services.migrate.command = ['sh', '-c', 'node dist/apps/gateway/src/migrate.js && node dist/apps/jobs/src/migrate.js'];
    expect(splitComposeProblems(compose)).toEqual([expect.stringMatching(/migrate: runs migrations of gateway, jobs, not gateway, campaigns, jobs/)]);
    compose = readCompose('compose.yml');
    compose.services.redis.command = ['redis-server', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
    compose.services.redis.volumes = [];
    expect(dependenciesComposeProblems(compose)).toEqual(['redis: not started with --appendonly yes', 'redis: no volume on /data (the append-only file would not survive the container)']);
  });
  it('a sentinel profile with a replica of nothing, a sentinel watching another port or off the host network, settings that do not match', () => {
    let compose = readCompose('compose.yml');
    const replica = compose.services['redis-replica']!;
    replica.command = (replica.command as string[]).slice(0, (replica.command as string[]).indexOf('--replicaof'));
    expect(sentinelProfileProblems(compose, composeHeader())).toEqual(['redis-replica: not a replica of redis-primary (port 6380)']);
    compose = readCompose('compose.yml');
    compose.services['sentinel-2']!.command = (compose.services['sentinel-2']!.command as string[]).map((part) => part.replace('127.0.0.1 6380 2', '127.0.0.1 6381 2'));
    compose.services['sentinel-3']!.network_mode = 'bridge';
    expect(sentinelProfileProblems(compose, composeHeader())).toEqual(['sentinel-3: not on the host network', 'sentinel-2: does not monitor campaigns at 127.0.0.1:6380 with quorum 2']);
    compose = readCompose('compose.yml');
    expect(sentinelProfileProblems(compose, composeHeader().replace('REDIS_SENTINEL_NAME=campaigns', 'REDIS_SENTINEL_NAME=mymaster').replace('127.0.0.1:26381', '127.0.0.1:26382'))).toEqual([
      'the header\'s REDIS_SENTINEL_NAME is mymaster, not campaigns',
      "the header's REDIS_SENTINELS ports 26379, 26380, 26382 are not the sentinels' 26379, 26380, 26381",
    ]);
    compose = readCompose('compose.yml');
    compose.services['sentinel-4'] = { ...compose.services['sentinel-3']! };
    expect(sentinelProfileProblems(compose, composeHeader())).toEqual([expect.stringMatching(/^sentinel profile services are .*sentinel-4/)]);
  });
});
