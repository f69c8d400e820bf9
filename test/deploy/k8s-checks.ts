import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadConfig, PlatformConfig } from '#common';
import { CampaignsConfig } from '../../apps/campaigns/src/campaigns.config.js';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config.js';
import { JobsConfig } from '../../apps/jobs/src/jobs.config.js';
import { Container, K8sObject, podSpecOf, REPO_ROOT } from './kustomize.js';

/**
 * Checks of rendered Kubernetes objects, offline: the Kubernetes OpenAPI schemas bundled in
 * kubernetes-models, and what the product needs of its manifests (probes on the paths and
 * ports the apps serve, Services reaching container ports, HPAs and PDBs on existing
 * Deployments, the migration Job running the entrypoints that exist). Each returns a list of
 * problems, empty when all is well, so tests can also show that a broken object is caught.
 */
const require = createRequire(import.meta.url);

type ValidateFn = (this: unknown) => void;
interface ModelClass {
  apiVersion: string;
  kind: string;
  prototype: { validate: ValidateFn };
}

/** The kubernetes-models class of an apiVersion and kind (core `v1` → `kubernetes-models/v1/<Kind>`). */
export function modelClassOf(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion ?? '') || !/^[A-Z][A-Za-z0-9]*$/.test(kind ?? '')) return undefined;
  const file = join(REPO_ROOT, 'node_modules', 'kubernetes-models', apiVersion, `${kind}.js`);
  if (!existsSync(file)) return undefined;
  const cls = (require(file) as Record<string, ModelClass>)[kind];
  return cls && cls.apiVersion === apiVersion && cls.kind === kind ? cls : undefined;
}

/**
 * The object against its Kubernetes schema: types, required fields, enums, formats, and, as
 * `kubectl apply` does by default (strict field validation), no unknown fields. The bundled
 * validators do not reject unknown fields themselves, so the object is read through a proxy
 * that records which fields the schema looked at: a field of a fixed-shape object that it never
 * read is unknown. (Maps, such as labels, are enumerated by the validator and exempt.)
 */
export function schemaProblems(o: K8sObject): string[] {
  const where = `${o?.kind}/${o?.metadata?.name}`;
  const cls = modelClassOf(o?.apiVersion, o?.kind);
  if (!cls) return [`${where}: unknown apiVersion/kind ${o?.apiVersion}/${o?.kind}`];
  const tracker = new FieldTracker();
  try {
    cls.prototype.validate.call(tracker.wrap(o));
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
  return tracker.unknownFields(o).map((path) => `${where}: unknown field ${path}`);
}

class FieldTracker {
  private readonly proxies = new WeakMap<object, object>();
  private readonly read = new WeakMap<object, Set<PropertyKey>>();
  private readonly enumerated = new WeakSet<object>();

  wrap<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    const target = value as object;
    let proxy = this.proxies.get(target);
    if (!proxy) {
      this.read.set(target, new Set());
      proxy = new Proxy(target, {
        get: (t, key, receiver) => {
          this.read.get(t)!.add(key);
          return this.wrap(Reflect.get(t, key, receiver));
        },
        has: (t, key) => {
          this.read.get(t)!.add(key);
          return Reflect.has(t, key);
        },
        ownKeys: (t) => {
          this.enumerated.add(t);
          return Reflect.ownKeys(t);
        },
      });
      this.proxies.set(target, proxy);
    }
    return proxy as T;
  }

  unknownFields(value: unknown, path = ''): string[] {
    if (value === null || typeof value !== 'object') return [];
    const read = this.read.get(value);
    if (!read) return []; // never reached by the schema (inside an unknown field, or free-form)
    if (Array.isArray(value)) return value.flatMap((item, i) => this.unknownFields(item, `${path}/${i}`));
    const problems: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      if (!this.enumerated.has(value) && !read.has(key)) problems.push(`${path}/${key}`);
      else problems.push(...this.unknownFields(child, `${path}/${key}`));
    }
    return problems;
  }
}

/** The probe paths the product serves, read from the health controller's routes. */
export function servedHealthPaths(): string[] {
  const source = readFileSync(join(REPO_ROOT, 'libs/common/src/health/health.controller.ts'), 'utf8');
  const prefix = /@Controller\('([^']*)'\)/.exec(source)?.[1];
  if (!prefix) return [];
  return [...source.matchAll(/@Get\('([^']*)'\)/g)].map((m) => `/${prefix}/${m[1]}`);
}

/** Each app's config class: its PORT default and the validation of a container's environment. */
export const APP_CONFIGS: Record<string, new () => PlatformConfig> = { gateway: GatewayConfig, campaigns: CampaignsConfig, jobs: JobsConfig };

/**
 * Values standing in for the Secret's keys when a rendering has no Secret (base, production):
 * random-looking, as production refuses guessable secrets.
 */
export const SECRET_PLACEHOLDERS: Record<string, string> = {
  DATABASE_URL: 'postgres://app@postgres.example:5432/campaigns',
  REDIS_URL: 'redis://redis.example:6379',
  JWT_SECRET: 'Xq7v2LmN9pR4tY8wZ1bC6dF3gH5jK0sA',
  QUEUE_DASHBOARD_PASSWORD: 'pL4ceh0lder-Pw9Z',
};

/** The app a container runs: `node dist/apps/<app>/src/main.js` (or the image's APP variable). */
export function appOf(container: Container, env: Record<string, string>): string | undefined {
  const line = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return /dist\/apps\/([a-z-]+)\/src\/main\.js/.exec(line)?.[1] ?? env.APP;
}

/**
 * A container's environment as Kubernetes builds it: envFrom sources in order (ConfigMaps and
 * Secrets of the rendering; a Secret that is not rendered contributes the placeholders), then
 * env, which wins.
 */
export function effectiveEnv(container: Container, objects: K8sObject[]): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef!.name);
      if (!cm) problems.push(`container ${container.name}: envFrom ConfigMap ${source.configMapRef.name} is not part of the rendering`);
      else Object.assign(env, cm.data as Record<string, string>);
    } else if (source.secretRef) {
      const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === source.secretRef!.name);
      const data = (secret?.data ?? {}) as Record<string, string>;
      Object.assign(env, secret ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])) : SECRET_PLACEHOLDERS);
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
  }
  return { env, problems };
}

const matchesSelector = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const podLabels = (o: K8sObject): Record<string, string> | undefined =>
  (o.spec as { template?: { metadata?: { labels?: Record<string, string> } } })?.template?.metadata?.labels;

/** Probes, ports, environment, shutdown timing and security of every Deployment. */
export function deploymentProblems(objects: K8sObject[], healthPaths = servedHealthPaths()): string[] {
  const problems: string[] = [];
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const where = `Deployment/${d.metadata.name}`;
    const spec = d.spec as { selector?: { matchLabels?: Record<string, string> }; template?: { spec?: Record<string, unknown> } };
    if (!matchesSelector(spec.selector?.matchLabels, podLabels(d))) problems.push(`${where}: selector does not match its pod labels`);
    const pod = podSpecOf(d);
    if (!pod) {
      problems.push(`${where}: no pod template`);
      continue;
    }
    const podSecurity = (pod.securityContext ?? {}) as Record<string, unknown>;
    for (const c of pod.containers) {
      const at = `${where} container ${c.name}`;
      const { env, problems: envProblems } = effectiveEnv(c, objects);
      problems.push(...envProblems.map((p) => `${where}: ${p}`));
      const app = appOf(c, env);
      const configClass = app ? APP_CONFIGS[app] : undefined;
      if (!app || !configClass) {
        problems.push(`${at}: runs no known app (command ${JSON.stringify(c.command)})`);
        continue;
      }
      if (!existsSync(join(REPO_ROOT, `apps/${app}/src/main.ts`))) problems.push(`${at}: apps/${app}/src/main.ts does not exist`);
      let config: PlatformConfig | undefined;
      try {
        config = loadConfig(configClass, env);
      } catch (error) {
        problems.push(`${at}: ${(error as Error).message}`);
      }
      if (!config) continue;
      if (env.PORT === undefined) problems.push(`${at}: PORT is not set explicitly`);
      if (config.PORT !== new configClass().PORT) problems.push(`${at}: PORT ${config.PORT} is not ${app}'s port ${new configClass().PORT}`);
      if (config.MIGRATIONS !== 'off') problems.push(`${at}: MIGRATIONS is ${config.MIGRATIONS}, not off (the migration Job migrates)`);
      const ports = c.ports ?? [];
      const appPort = ports.find((p) => p.containerPort === config!.PORT);
      if (!appPort) problems.push(`${at}: no container port ${config.PORT} (the app's PORT)`);
      const probes: Record<string, string[]> = { startupProbe: healthPaths, livenessProbe: ['/health/live'], readinessProbe: ['/health/ready'] };
      for (const [kind, allowed] of Object.entries(probes)) {
        const probe = c[kind] as { httpGet?: { path?: string; port?: string | number } } | undefined;
        if (!probe?.httpGet) {
          problems.push(`${at}: no ${kind} over HTTP`);
          continue;
        }
        const { path, port } = probe.httpGet;
        if (!path || !healthPaths.includes(path) || !allowed.includes(path)) problems.push(`${at}: ${kind} path ${path} is not one of ${allowed.join(', ')} (served: ${healthPaths.join(', ')})`);
        const target = typeof port === 'string' ? ports.find((p) => p.name === port) : ports.find((p) => p.containerPort === port);
        if (!target) problems.push(`${at}: ${kind} port ${port} is no container port`);
        else if (target.containerPort !== config.PORT) problems.push(`${at}: ${kind} port ${port} is ${target.containerPort}, but the app listens on PORT ${config.PORT}`);
      }
      const grace = pod.terminationGracePeriodSeconds as number | undefined;
      if (grace === undefined || grace * 1000 <= config.SHUTDOWN_TIMEOUT_MS) {
        problems.push(`${at}: terminationGracePeriodSeconds ${grace} is not longer than SHUTDOWN_TIMEOUT_MS ${config.SHUTDOWN_TIMEOUT_MS} ms`);
      }
      if (config.SHUTDOWN_DRAIN_MS <= 0) problems.push(`${at}: SHUTDOWN_DRAIN_MS is 0: the pod would close before leaving the endpoints`);
      if (config.SHUTDOWN_DRAIN_MS >= config.SHUTDOWN_TIMEOUT_MS) problems.push(`${at}: SHUTDOWN_DRAIN_MS is not below SHUTDOWN_TIMEOUT_MS`);
      const security = (c.securityContext ?? {}) as Record<string, unknown>;
      if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) problems.push(`${at}: not runAsNonRoot`);
      if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: root file system not read-only`);
      if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
      const resources = (c.resources ?? {}) as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) if (resources[kind]?.[resource] === undefined) problems.push(`${at}: no ${resource} ${kind}`);
      }
    }
  }
  return problems;
}

/** Services reach pods through container ports; HPAs and PDBs point at Deployments that exist. */
export function wiringProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  for (const s of objects.filter((o) => o.kind === 'Service')) {
    const spec = s.spec as { selector?: Record<string, string>; ports?: Array<{ port: number; targetPort?: string | number }> };
    const selected = deployments.filter((d) => matchesSelector(spec.selector, podLabels(d)));
    if (selected.length === 0) problems.push(`Service/${s.metadata.name}: its selector matches no Deployment's pods`);
    for (const d of selected) {
      const ports = podSpecOf(d)!.containers.flatMap((c) => c.ports ?? []);
      for (const p of spec.ports ?? []) {
        const target = p.targetPort ?? p.port;
        if (!ports.some((cp) => (typeof target === 'string' ? cp.name === target : cp.containerPort === target))) {
          problems.push(`Service/${s.metadata.name}: targetPort ${target} is no container port of Deployment/${d.metadata.name}`);
        }
      }
    }
  }
  for (const h of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const spec = h.spec as { scaleTargetRef: { apiVersion?: string; kind: string; name: string }; minReplicas?: number; maxReplicas: number };
    const ref = spec.scaleTargetRef;
    const target = deployments.find((d) => ref.kind === 'Deployment' && ref.apiVersion === 'apps/v1' && d.metadata.name === ref.name);
    if (!target) problems.push(`HorizontalPodAutoscaler/${h.metadata.name}: targets ${ref.apiVersion} ${ref.kind}/${ref.name}, which is not rendered`);
    const min = spec.minReplicas ?? 1;
    if (min > spec.maxReplicas) problems.push(`HorizontalPodAutoscaler/${h.metadata.name}: minReplicas ${min} > maxReplicas ${spec.maxReplicas}`);
    const replicas = (target?.spec as { replicas?: number } | undefined)?.replicas;
    if (target && replicas !== undefined && (replicas < min || replicas > spec.maxReplicas)) {
      problems.push(`HorizontalPodAutoscaler/${h.metadata.name}: Deployment replicas ${replicas} outside ${min}..${spec.maxReplicas}`);
    }
  }
  for (const p of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const selector = (p.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
    if (!deployments.some((d) => matchesSelector(selector, podLabels(d)))) problems.push(`PodDisruptionBudget/${p.metadata.name}: its selector matches no Deployment's pods`);
  }
  for (const name of deployments.map((d) => d.metadata.name)) {
    for (const kind of ['HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
      const covers = objects.some((o) =>
        o.kind === kind &&
        (kind === 'HorizontalPodAutoscaler'
          ? (o.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === name
          : matchesSelector((o.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels, podLabels(deployments.find((d) => d.metadata.name === name)!))),
      );
      if (!covers) problems.push(`Deployment/${name}: no ${kind}`);
    }
  }
  return problems;
}

/** The apps whose migration entrypoint a command line runs, in order: `dist/apps/<app>/src/migrate.js`. */
export function migrateEntrypoints(commandLine: string): string[] {
  return [...commandLine.matchAll(/(?:^|[\s/])dist\/apps\/([a-z-]+)\/src\/migrate\.js\b/g)].map((m) => m[1]);
}

/** The apps that own a schema, in migration order: those with an apps/<app>/src/migrate.ts. */
export const MIGRATING_APPS = ['gateway', 'campaigns', 'jobs'];

/** The migration Job runs every app's migration entrypoint, in order, and each exists in the source tree. */
export function migrationJobProblems(objects: K8sObject[]): string[] {
  const jobs = objects.filter((o) => o.kind === 'Job');
  if (jobs.length !== 1) return [`expected one migration Job, found ${jobs.length}`];
  const job = jobs[0];
  const pod = podSpecOf(job)!;
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  const apps = containers.flatMap((c) => migrateEntrypoints([...(c.command ?? []), ...(c.args ?? [])].join(' ')));
  const problems: string[] = [];
  if (JSON.stringify(apps) !== JSON.stringify(MIGRATING_APPS)) problems.push(`Job/${job.metadata.name}: runs migrations of ${apps.join(', ') || 'nothing'}, not ${MIGRATING_APPS.join(', ')} in order`);
  for (const app of apps) if (!existsSync(join(REPO_ROOT, `apps/${app}/src/migrate.ts`))) problems.push(`Job/${job.metadata.name}: apps/${app}/src/migrate.ts does not exist`);
  for (const c of containers) {
    const { env, problems: envProblems } = effectiveEnv(c, objects);
    problems.push(...envProblems.map((p) => `Job/${job.metadata.name}: ${p}`));
    try {
      loadConfig(GatewayConfig, env); // the strictest of the three configurations (JWT_SECRET in production)
    } catch (error) {
      problems.push(`Job/${job.metadata.name} container ${c.name}: ${(error as Error).message}`);
    }
  }
  if (pod.restartPolicy !== 'Never' && pod.restartPolicy !== 'OnFailure') problems.push(`Job/${job.metadata.name}: restartPolicy ${pod.restartPolicy}`);
  return problems;
}
