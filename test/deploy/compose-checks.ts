import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '#common';
import { APP_CONFIGS, MIGRATING_APPS, migrateEntrypoints, SECRET_PLACEHOLDERS, servedHealthPaths } from './k8s-checks.js';
import { REPO_ROOT } from './kustomize.js';

/**
 * Structure checks of docker/compose.yml and docker/compose.split.yml (no Docker engine runs
 * here). Files are read as YAML 1.1, as older Compose versions did: an unquoted `off`, `on`,
 * `yes` or `no` becomes a boolean there, which is a problem in an environment block.
 */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: Array<string | { target?: number }>;
  volumes?: Array<string | { source?: string; target?: string }>;
  deploy?: { replicas?: number };
  restart?: string;
  stop_grace_period?: string;
  profiles?: string[];
  network_mode?: string;
  [field: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [field: string]: unknown;
}

export const COMPOSE_DIR = join(REPO_ROOT, 'docker');

export function readCompose(file: string): ComposeFile {
  return parse(readFileSync(join(COMPOSE_DIR, file), 'utf8'), { version: '1.1', merge: true }) as ComposeFile;
}

/** The split deployment's app services and what each runs: the app, and JOBS_ROLE where it matters. */
export const SPLIT_APP_SERVICES: Record<string, { app: string; role?: string; replicas?: number; published?: number }> = {
  gateway: { app: 'gateway', replicas: 2, published: 3000 },
  campaigns: { app: 'campaigns', replicas: 2 },
  'jobs-api': { app: 'jobs', role: 'api' },
  'jobs-worker': { app: 'jobs', role: 'worker' },
};

const asEnv = (environment: ComposeService['environment']): Record<string, unknown> =>
  Array.isArray(environment)
    ? Object.fromEntries(environment.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]))
    : (environment ?? {});

/** `${JWT_SECRET:?set JWT_SECRET}` and friends, as Compose would substitute them (with placeholders). */
function substitute(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::?[-?][^}]*)?\}/g, (_, name: string) => SECRET_PLACEHOLDERS[name] ?? '');
}

/** Seconds of a Compose duration such as `30s`, `1m30s`, `500ms`. */
export function durationMs(value: string | undefined): number {
  if (!value) return 10_000; // Compose's default stop grace period
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g;
  let rest = value;
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 }[m[2] as 'h']!;
    rest = rest.replace(m[0], '');
  }
  if (rest !== '') throw new Error(`not a duration: ${value}`);
  return total;
}

function buildProblems(name: string, service: ComposeService): string[] {
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  if (!build?.context) return [`${name}: no build of docker/Dockerfile`];
  const context = resolve(COMPOSE_DIR, build.context);
  const dockerfile = resolve(context, build.dockerfile ?? 'Dockerfile');
  const problems: string[] = [];
  if (context !== REPO_ROOT) problems.push(`${name}: build context ${build.context} is not the repository`);
  if (dockerfile !== join(REPO_ROOT, 'docker/Dockerfile')) problems.push(`${name}: builds ${dockerfile}, not docker/Dockerfile`);
  return problems;
}

const command = (service: ComposeService): string => (Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? ''));

/** What docker/compose.split.yml must hold; empty when it does. */
export function splitComposeProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const services = compose.services ?? {};
  const expected = ['postgres', 'redis', 'migrate', ...Object.keys(SPLIT_APP_SERVICES)].sort();
  if (JSON.stringify(Object.keys(services).sort()) !== JSON.stringify(expected)) problems.push(`services are ${Object.keys(services).sort().join(', ')}, expected ${expected.join(', ')}`);
  problems.push(...redisProblems(compose));
  const healthPaths = servedHealthPaths();

  const migrate = services.migrate ?? {};
  const images = new Set<string | undefined>();
  problems.push(...buildProblems('migrate', migrate));
  images.add(migrate.image);
  const migrated = migrateEntrypoints(command(migrate));
  if (JSON.stringify(migrated) !== JSON.stringify(MIGRATING_APPS)) problems.push(`migrate: runs migrations of ${migrated.join(', ') || 'nothing'}, not ${MIGRATING_APPS.join(', ')} in order`);
  for (const app of migrated) if (!existsSync(join(REPO_ROOT, `apps/${app}/src/migrate.ts`))) problems.push(`migrate: apps/${app}/src/migrate.ts does not exist`);
  if (migrate.restart !== 'no') problems.push(`migrate: restart is ${migrate.restart}, not "no" (it runs once)`);
  const migrateDeps = migrate.depends_on as Record<string, { condition?: string }> | undefined;
  if (migrateDeps?.postgres?.condition !== 'service_healthy') problems.push('migrate: does not wait for a healthy postgres');
  const migrateEnv = asEnv(migrate.environment);
  try {
    loadConfig(APP_CONFIGS.gateway, Object.fromEntries(Object.entries(migrateEnv).map(([k, v]) => [k, substitute(String(v))])));
  } catch (error) {
    problems.push(`migrate: ${(error as Error).message}`);
  }

  for (const [name, expectations] of Object.entries(SPLIT_APP_SERVICES)) {
    const service = services[name];
    if (!service) continue;
    problems.push(...buildProblems(name, service));
    images.add(service.image);
    const deps = service.depends_on;
    if (Array.isArray(deps) || deps?.migrate?.condition !== 'service_completed_successfully') problems.push(`${name}: does not depend on migrate completing successfully`);
    const env = asEnv(service.environment);
    for (const [key, value] of Object.entries(env)) if (typeof value !== 'string') problems.push(`${name}: ${key} is ${JSON.stringify(value)}, not a string (quote it)`);
    if (env.MIGRATIONS !== 'off') problems.push(`${name}: MIGRATIONS is ${JSON.stringify(env.MIGRATIONS)}, not "off"`);
    if (env.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV is ${JSON.stringify(env.NODE_ENV)}, not production`);
    if (env.APP !== expectations.app) problems.push(`${name}: APP is ${JSON.stringify(env.APP)}, not ${expectations.app}`);
    if (!existsSync(join(REPO_ROOT, `apps/${expectations.app}/src/main.ts`))) problems.push(`${name}: apps/${expectations.app}/src/main.ts does not exist`);
    if (expectations.role && env.JOBS_ROLE !== expectations.role) problems.push(`${name}: JOBS_ROLE is ${JSON.stringify(env.JOBS_ROLE)}, not ${expectations.role}`);
    if (env.JWT_SECRET !== undefined && !/^\$\{JWT_SECRET:\?[^}]+\}$/.test(String(env.JWT_SECRET))) problems.push(`${name}: JWT_SECRET must come from the environment as \${JWT_SECRET:?...}`);
    if (expectations.app === 'gateway' && env.JWT_SECRET === undefined) problems.push(`${name}: no JWT_SECRET`);
    const configClass = APP_CONFIGS[expectations.app];
    let config;
    try {
      config = loadConfig(configClass, Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(String(v))])));
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
    if (config && config.PORT !== new configClass().PORT) problems.push(`${name}: PORT ${config.PORT} is not ${expectations.app}'s port`);
    const test = [service.healthcheck?.test ?? []].flat().join(' ');
    const probed = [...test.matchAll(/\/health\/[a-z]+/g)].map((m) => m[0]);
    if (service.healthcheck?.disable || !probed.includes('/health/ready')) problems.push(`${name}: healthcheck does not ask /health/ready`);
    for (const path of probed) if (!healthPaths.includes(path)) problems.push(`${name}: healthcheck asks ${path}, which the apps do not serve (${healthPaths.join(', ')})`);
    if (probed.length && !test.includes('process.env.PORT') && !(config && test.includes(`:${config.PORT}/`))) problems.push(`${name}: healthcheck does not ask the app's PORT`);
    if (config && durationMs(service.stop_grace_period) <= config.SHUTDOWN_TIMEOUT_MS) {
      problems.push(`${name}: stop_grace_period ${service.stop_grace_period ?? '(10s default)'} is not longer than SHUTDOWN_TIMEOUT_MS ${config.SHUTDOWN_TIMEOUT_MS} ms`);
    }
    if (expectations.replicas !== undefined && service.deploy?.replicas !== expectations.replicas) problems.push(`${name}: ${service.deploy?.replicas ?? 1} replica(s), expected ${expectations.replicas}`);
    if (expectations.published !== undefined && config) {
      const targets = (service.ports ?? []).map((p) => (typeof p === 'string' ? Number(p.split(':').pop()) : p.target));
      if (!targets.includes(config.PORT)) problems.push(`${name}: port ${config.PORT} is not published`);
    }
  }
  if (images.size !== 1 || images.has(undefined)) problems.push(`app services use images ${[...images].join(', ')}: expected one image built from docker/Dockerfile`);
  return problems;
}

/** What docker/compose.yml (the dependencies alone) must hold. */
/** Services started without a `--profile`: the ones `docker compose up` runs. */
const unprofiled = (compose: ComposeFile): string[] => Object.entries(compose.services ?? {}).filter(([, s]) => !s.profiles).map(([name]) => name);

export function dependenciesComposeProblems(compose: ComposeFile): string[] {
  const names = unprofiled(compose).sort();
  const problems = JSON.stringify(names) === JSON.stringify(['postgres', 'redis']) ? [] : [`services are ${names.join(', ')}, expected postgres and redis alone`];
  return [...problems, ...redisProblems(compose)];
}

function redisProblems(compose: ComposeFile, name = 'redis'): string[] {
  const redis = compose.services?.[name];
  if (!redis) return [`no ${name} service`];
  const args = commandArgs(redis);
  const problems: string[] = [];
  const option = (flag: string) => args[args.indexOf(flag) + 1];
  if (!args.includes('--appendonly') || option('--appendonly') !== 'yes') problems.push(`${name}: not started with --appendonly yes`);
  if (option('--maxmemory-policy') !== 'noeviction') problems.push(`${name}: not started with --maxmemory-policy noeviction`);
  const data = (redis.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v)).find((v) => v.target === '/data');
  if (!data) problems.push(`${name}: no volume on /data (the append-only file would not survive the container)`);
  else if (data.source && !data.source.startsWith('.') && !data.source.startsWith('/') && !(compose.volumes && data.source in compose.volumes)) problems.push(`${name}: volume ${data.source} is not declared`);
  return problems;
}

const commandArgs = (service: ComposeService): string[] => (Array.isArray(service.command) ? service.command.map(String) : String(service.command ?? '').split(/\s+/));

/** The sentinel profile's services, as compose.yml's header tells to use them. */
export const SENTINEL_PROFILE = { primary: 'redis-primary', replica: 'redis-replica', sentinels: ['sentinel-1', 'sentinel-2', 'sentinel-3'], name: 'campaigns' };

/**
 * compose.yml's `sentinel` profile: a persistent primary and replica, three sentinels (quorum 2)
 * watching that primary under the name the header's REDIS_SENTINEL_NAME gives, on the ports its
 * REDIS_SENTINELS lists, with host networking (the addresses sentinels hand out must be
 * reachable from the host); and the header's settings are a valid configuration.
 */
export function sentinelProfileProblems(compose: ComposeFile, header: string): string[] {
  const { primary, replica, sentinels, name } = SENTINEL_PROFILE;
  const profiled = Object.entries(compose.services ?? {}).filter(([, s]) => JSON.stringify(s.profiles) === '["sentinel"]').map(([n]) => n).sort();
  if (JSON.stringify(profiled) !== JSON.stringify([primary, replica, ...sentinels].sort())) return [`sentinel profile services are ${profiled.join(', ')}, expected ${primary}, ${replica}, ${sentinels.join(', ')}`];
  const problems = [...redisProblems(compose, primary), ...redisProblems(compose, replica)];
  for (const service of profiled) if (compose.services[service]!.network_mode !== 'host') problems.push(`${service}: not on the host network`);
  const port = (service: string) => commandArgs(compose.services[service]!)[commandArgs(compose.services[service]!).indexOf('--port') + 1];
  const replicaArgs = commandArgs(compose.services[replica]!);
  const replicaOf = replicaArgs.slice(replicaArgs.indexOf('--replicaof') + 1, replicaArgs.indexOf('--replicaof') + 3);
  if (!replicaArgs.includes('--replicaof') || replicaOf[1] !== port(primary)) problems.push(`${replica}: not a replica of ${primary} (port ${port(primary)})`);
  const sentinelPorts: string[] = [];
  for (const service of sentinels) {
    const s = compose.services[service]!;
    const env = asEnv(s.environment) as Record<string, string>;
    const script = commandArgs(s).join(' ').replace(/\$\$(\w+)/g, (_, v: string) => env[v] ?? '');
    sentinelPorts.push(/"port (\d+)"/.exec(script)?.[1] ?? '?');
    if (!script.includes(`"sentinel monitor ${name} 127.0.0.1 ${port(primary)} 2"`)) problems.push(`${service}: does not monitor ${name} at 127.0.0.1:${port(primary)} with quorum 2`);
    if (!/"sentinel down-after-milliseconds \S+ \d+"/.test(script)) problems.push(`${service}: no down-after-milliseconds`);
    if (!/exec redis-server \S+ --sentinel/.test(script)) problems.push(`${service}: not started as a sentinel`);
  }
  const settings = Object.fromEntries([...header.matchAll(/\b(REDIS_SENTINELS|REDIS_SENTINEL_NAME)=(\S+)/g)].map((m) => [m[1], m[2]]));
  if (settings.REDIS_SENTINEL_NAME !== name) problems.push(`the header's REDIS_SENTINEL_NAME is ${settings.REDIS_SENTINEL_NAME}, not ${name}`);
  const listed = (settings.REDIS_SENTINELS ?? '').split(',').map((a) => a.split(':')[1]);
  if (JSON.stringify(listed) !== JSON.stringify(sentinelPorts)) problems.push(`the header's REDIS_SENTINELS ports ${listed.join(', ')} are not the sentinels' ${sentinelPorts.join(', ')}`);
  try {
    loadConfig(APP_CONFIGS.gateway, { REDIS_SENTINELS: settings.REDIS_SENTINELS ?? '', REDIS_SENTINEL_NAME: settings.REDIS_SENTINEL_NAME ?? '' });
  } catch (error) {
    problems.push(`the header's settings: ${(error as Error).message}`);
  }
  return problems;
}
