import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '#common';
import {
  APP_CONFIGS,
  deploymentProblems,
  effectiveEnv,
  migrationJobProblems,
  schemaProblems,
  servedHealthPaths,
  wiringProblems,
} from './k8s-checks.js';
import { build, K8sObject, kustomizationFile, podSpecOf, referencedFiles, REPO_ROOT } from './kustomize.js';

/**
 * k8s/ rendered offline (test/deploy/kustomize.ts: no kustomize binary here) and every object
 * validated against the Kubernetes schemas (kubernetes-models) and what the product needs.
 */
const K8S = join(REPO_ROOT, 'k8s');
const RENDERINGS = ['k8s/base', 'k8s/overlays/development', 'k8s/overlays/production', 'k8s/overlays/production-sentinel', 'k8s/overlays/production-cluster'];
const DEPLOYMENTS = ['campaigns', 'gateway', 'jobs-api', 'jobs-worker'];
const SECRET = 'campaigns-platform-secrets';

const render = (dir: string): K8sObject[] => build(join(REPO_ROOT, dir));
const named = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found;
};
const ids = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const containerOf = (objects: K8sObject[], deployment: string) => podSpecOf(named(objects, 'Deployment', deployment))!.containers[0];

function kustomizationDirs(dir: string): string[] {
  const here = kustomizationFile(dir) ? [relative(REPO_ROOT, dir)] : [];
  const children = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return [...here, ...children.flatMap((e) => kustomizationDirs(join(dir, e.name)))];
}

describe('k8s/ manifests', () => {
  it('has a base and the development, production, production-sentinel and production-cluster overlays, and no other kustomization', () => {
    expect(kustomizationDirs(K8S).sort()).toEqual([...RENDERINGS].sort());
  });

  it.each(RENDERINGS)('%s: every resource, patch and generator source resolves', (dir) => {
    expect(referencedFiles(join(REPO_ROOT, dir)).length).toBeGreaterThan(0);
  });

  it('the apps serve the probe paths the manifests use', () => {
    expect(servedHealthPaths().sort()).toEqual(['/health/live', '/health/ready']);
  });

  describe.each(RENDERINGS)('%s, rendered', (dir) => {
    const objects = render(dir);

    it('holds the four Deployments with their Service, HPA and PDB, the ConfigMap and the migration Job', () => {
      const expected = [
        'ConfigMap/campaigns-platform-config',
        'Job/campaigns-platform-migrate',
        ...DEPLOYMENTS.flatMap((d) => [`Deployment/${d}`, `HorizontalPodAutoscaler/${d}`, `PodDisruptionBudget/${d}`]),
        'Service/gateway',
        'Service/campaigns-metrics',
        'Service/jobs-api-metrics',
        'Service/jobs-worker-metrics',
      ];
      const found = ids(objects).filter((id) => !id.startsWith('Namespace/') && !id.startsWith('Secret/'));
      expect(found).toEqual(expected.sort());
    });

    it('every object is valid against the Kubernetes schema (kubernetes-models), with no unknown field', () => {
      expect(objects.flatMap(schemaProblems)).toEqual([]);
    });

    it('Deployments: probes on the served paths and the app port, PORT set, config valid, MIGRATIONS=off, grace > SHUTDOWN_TIMEOUT_MS, non-root, read-only, sized', () => {
      expect(deploymentProblems(objects)).toEqual([]);
    });

    it('Services target container ports, HPAs and PDBs target existing Deployments, selectors match pod labels', () => {
      expect(wiringProblems(objects)).toEqual([]);
    });

    it('the migration Job runs the gateway, campaigns and jobs migrate entrypoints that exist in apps/<app>/src/migrate.ts', () => {
      expect(migrationJobProblems(objects)).toEqual([]);
    });

    it('the gateway Service maps port 80 to the container port 3000; the others expose the metrics port, with scrape annotations', () => {
      const gateway = named(objects, 'Service', 'gateway').spec as { ports: Array<{ port: number; targetPort: string }> };
      expect(gateway.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 'http' })]);
      expect(containerOf(objects, 'gateway').ports).toEqual([expect.objectContaining({ name: 'http', containerPort: 3000 })]);
      for (const service of objects.filter((o) => o.kind === 'Service')) {
        expect(service.metadata.annotations).toEqual(expect.objectContaining({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' }));
      }
    });

    it('the jobs Deployments run the API and the workers apart', () => {
      const role = (d: string) => containerOf(objects, d).env?.find((e) => e.name === 'JOBS_ROLE')?.value;
      expect([role('jobs-api'), role('jobs-worker')]).toEqual(['api', 'worker']);
    });

    it('credentials come from the Secret campaigns-platform-secrets, which only the development overlay generates', () => {
      for (const o of objects) {
        const pod = podSpecOf(o);
        for (const c of pod?.containers ?? []) expect(c.envFrom).toEqual(expect.arrayContaining([{ secretRef: { name: SECRET } }]));
      }
      const secrets = objects.filter((o) => o.kind === 'Secret');
      expect(secrets.map((s) => s.metadata.name)).toEqual(dir.endsWith('development') ? [SECRET] : []);
    });
  });

  it.each(['development', 'production'])("k8s/README.md's migrations-first step (kubectl apply -l) on %s selects the Job and all it reads, and no app", (overlay) => {
    const readme = readFileSync(join(K8S, 'README.md'), 'utf8');
    const selectors = [...readme.matchAll(new RegExp(`kubectl apply -k k8s/overlays/${overlay} -l '([^']+)'`, 'g'))].map((m) => m[1]);
    expect(selectors).toHaveLength(1);
    const [, key, values] = /^([\w./-]+) in \(([^)]+)\)$/.exec(selectors[0]) ?? [];
    const allowed = values.split(',').map((v) => v.trim());
    const objects = render(`k8s/overlays/${overlay}`);
    const selected = objects.filter((o) => allowed.includes(o.metadata.labels?.[key] ?? ''));
    const job = named(objects, 'Job', 'campaigns-platform-migrate');
    const refs = podSpecOf(job)!.containers.flatMap((c) => c.envFrom ?? []);
    const needed = [
      'Job/campaigns-platform-migrate',
      ...objects.filter((o) => o.kind === 'Namespace').map((o) => `Namespace/${o.metadata.name}`),
      ...refs.flatMap((r) => (r.configMapRef ? [`ConfigMap/${r.configMapRef.name}`] : [])),
      ...refs.flatMap((r) => (r.secretRef && objects.some((o) => o.kind === 'Secret' && o.metadata.name === r.secretRef!.name) ? [`Secret/${r.secretRef.name}`] : [])),
    ];
    expect(ids(selected)).toEqual(needed.sort());
  });

  it('the base is namespace-agnostic', () => {
    const objects = render('k8s/base');
    expect(objects.filter((o) => o.metadata.namespace !== undefined)).toEqual([]);
    expect(objects.every((o) => o.metadata.labels?.['app.kubernetes.io/part-of'] === 'campaigns-platform')).toBe(true);
  });

  it('development: its own namespace, one replica each, small requests, development settings and an obviously-development Secret', () => {
    const objects = render('k8s/overlays/development');
    const namespace = 'campaigns-platform-dev';
    expect(named(objects, 'Namespace', namespace).metadata.namespace).toBeUndefined();
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === namespace)).toBe(true);
    for (const d of DEPLOYMENTS) {
      expect((named(objects, 'Deployment', d).spec as { replicas: number }).replicas).toBe(1);
      expect((named(objects, 'HorizontalPodAutoscaler', d).spec as { minReplicas: number }).minReplicas).toBe(1);
      expect(containerOf(objects, d).image).toBe('campaigns-platform:dev');
      expect((containerOf(objects, d).resources as { requests: { cpu: string } }).requests.cpu).toBe('50m');
    }
    const env = effectiveEnv(containerOf(objects, 'gateway'), objects).env;
    expect(env).toEqual(expect.objectContaining({ NODE_ENV: 'development', MIGRATIONS: 'off', REDIS_PREFIX: 'cp-k8s-dev' }));
    expect(env.JWT_SECRET).toMatch(/development/);
    expect(env.QUEUE_DASHBOARD_PASSWORD).toMatch(/development/);
  });

  it('production: its namespace, the released image, more replicas within the HPA bounds, NODE_ENV=production, no Secret committed', () => {
    const objects = render('k8s/overlays/production');
    expect(named(objects, 'Namespace', 'campaigns-platform')).toBeDefined();
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'campaigns-platform')).toBe(true);
    const images = objects.flatMap((o) => podSpecOf(o)?.containers ?? []).map((c) => c.image);
    expect(new Set(images)).toEqual(new Set(['registry.example.com/campaigns-platform:0.1.0']));
    for (const d of DEPLOYMENTS) {
      const replicas = (named(objects, 'Deployment', d).spec as { replicas: number }).replicas;
      const hpa = named(objects, 'HorizontalPodAutoscaler', d).spec as { minReplicas: number; maxReplicas: number };
      expect(replicas).toBeGreaterThanOrEqual(2);
      expect(hpa.minReplicas).toBe(replicas);
      expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
    }
    expect(named(objects, 'ConfigMap', 'campaigns-platform-config').data).toEqual(expect.objectContaining({ NODE_ENV: 'production', MIGRATIONS: 'off', SHUTDOWN_DRAIN_MS: '5000' }));
  });

  // Each Redis overlay is production with the settings of one topology added to the ConfigMap,
  // and every process reads them into that topology.
  it.each([
    { overlay: 'production-sentinel', settings: ['REDIS_SENTINELS', 'REDIS_SENTINEL_NAME'], topology: { kind: 'sentinel' }, addresses: 'sentinels' },
    { overlay: 'production-cluster', settings: ['REDIS_CLUSTER_NODES'], topology: { kind: 'cluster' }, addresses: 'nodes' },
  ] as const)('$overlay: production, with every process on a Redis of that topology (three addresses)', ({ overlay, settings, topology, addresses }) => {
    const production = render('k8s/overlays/production');
    const objects = render(`k8s/overlays/${overlay}`);
    const config = (list: K8sObject[]) => named(list, 'ConfigMap', 'campaigns-platform-config').data as Record<string, string>;
    // Only the ConfigMap differs, by the topology's settings.
    expect(objects.filter((o) => o.kind !== 'ConfigMap')).toEqual(production.filter((o) => o.kind !== 'ConfigMap'));
    const rest = { ...config(objects) };
    for (const name of settings) {
      expect(rest[name]).toMatch(/\S/);
      delete rest[name];
    }
    expect(rest).toEqual(config(production));
    for (const d of DEPLOYMENTS) {
      const app = d.startsWith('jobs') ? 'jobs' : d;
      const { env, problems } = effectiveEnv(containerOf(objects, d), objects);
      expect(problems).toEqual([]);
      const read = loadConfig(APP_CONFIGS[app]!, env).redisTopology as unknown as Record<string, unknown>;
      expect(read).toMatchObject(topology);
      expect(read[addresses]).toHaveLength(3);
    }
  });
});

/** The checks above can fail: each catches a deliberately broken object. */
describe('deploy checks catch broken manifests', () => {
  const base = () => structuredClone(render('k8s/base'));
  const gateway = (objects: K8sObject[]) => containerOf(objects, 'gateway') as unknown as Record<string, any>;

  it('the schema rejects a wrong type, a missing required field, an unknown field and an unknown kind', () => {
    const objects = base();
    const deployment = named(objects, 'Deployment', 'gateway');
    expect(schemaProblems(deployment)).toEqual([]);
    gateway(objects).ports[0].containerPort = '3000';
    expect(schemaProblems(deployment)).toEqual([expect.stringMatching(/containerPort must be integer/)]);
    gateway(objects).ports[0].containerPort = 3000;
    gateway(objects).readinessprobe = gateway(objects).readinessProbe;
    expect(schemaProblems(deployment)).toEqual(['Deployment/gateway: unknown field /spec/template/spec/containers/0/readinessprobe']);
    delete gateway(objects).readinessprobe;
    delete gateway(objects).name;
    expect(schemaProblems(deployment)).toEqual([expect.stringMatching(/containers\/0 must have required property name/)]);
    expect(schemaProblems({ ...deployment, kind: 'Deploymnet' })).toEqual([expect.stringMatching(/unknown apiVersion\/kind apps\/v1\/Deploymnet/)]);
    expect(schemaProblems({ ...deployment, apiVersion: 'autoscaling/v2beta9' })).toEqual([expect.stringMatching(/unknown apiVersion/)]);
    const configMap = named(objects, 'ConfigMap', 'campaigns-platform-config');
    (configMap.data as Record<string, unknown>).SHUTDOWN_DRAIN_MS = 5000;
    expect(schemaProblems(configMap)).toEqual([expect.stringMatching(/SHUTDOWN_DRAIN_MS must be string/)]);
  });

  it('labels and resource quantities are maps, not unknown fields', () => {
    const objects = base();
    gateway(objects).resources.limits['ephemeral-storage'] = '1Gi';
    named(objects, 'Deployment', 'gateway').metadata.labels!['team'] = 'marketing';
    expect(schemaProblems(named(objects, 'Deployment', 'gateway'))).toEqual([]);
  });

  it('a probe on an unserved path, on a port that is not the app port, or without a port name', () => {
    let objects = base();
    gateway(objects).readinessProbe.httpGet.path = '/healthz';
    expect(deploymentProblems(objects)).toEqual([expect.stringMatching(/readinessProbe path \/healthz is not one of \/health\/ready/)]);
    objects = base();
    gateway(objects).livenessProbe.httpGet.path = '/health/ready';
    expect(deploymentProblems(objects)).toEqual([expect.stringMatching(/livenessProbe path \/health\/ready is not one of \/health\/live/)]);
    objects = base();
    gateway(objects).startupProbe.httpGet.port = 'metrics';
    expect(deploymentProblems(objects)).toEqual([expect.stringMatching(/startupProbe port metrics is no container port/)]);
    objects = base();
    gateway(objects).ports.push({ name: 'other', containerPort: 9000 });
    gateway(objects).livenessProbe.httpGet.port = 9000;
    expect(deploymentProblems(objects)).toEqual([expect.stringMatching(/livenessProbe port 9000 is 9000, but the app listens on PORT 3000/)]);
  });

  it('a PORT that is not the container port, MIGRATIONS=auto, a bad config value, a short grace period, a writable root', () => {
    let objects = base();
    gateway(objects).env.find((e: { name: string }) => e.name === 'PORT').value = '3001';
    expect(deploymentProblems(objects)).toEqual(expect.arrayContaining([expect.stringMatching(/PORT 3001 is not gateway's port 3000/), expect.stringMatching(/no container port 3001/)]));
    objects = base();
    (named(objects, 'ConfigMap', 'campaigns-platform-config').data as Record<string, string>).MIGRATIONS = 'auto';
    expect(deploymentProblems(objects)).toHaveLength(DEPLOYMENTS.length);
    (named(objects, 'ConfigMap', 'campaigns-platform-config').data as Record<string, string>).MIGRATIONS = 'sometimes';
    expect(deploymentProblems(objects)[0]).toMatch(/MIGRATIONS must be auto or off/);
    objects = base();
    (podSpecOf(named(objects, 'Deployment', 'jobs-worker')) as Record<string, unknown>).terminationGracePeriodSeconds = 30;
    expect(deploymentProblems(objects)).toEqual([expect.stringMatching(/jobs-worker.*terminationGracePeriodSeconds 30 is not longer than SHUTDOWN_TIMEOUT_MS 55000/)]);
    objects = base();
    gateway(objects).securityContext.readOnlyRootFilesystem = false;
    expect(deploymentProblems(objects)).toEqual([expect.stringMatching(/root file system not read-only/)]);
  });

  it('a Service aimed at a missing port or no pods, an HPA or PDB aimed at nothing', () => {
    let objects = base();
    (named(objects, 'Service', 'gateway').spec as { ports: Array<{ targetPort: unknown }> }).ports[0].targetPort = 8080;
    expect(wiringProblems(objects)).toEqual(['Service/gateway: targetPort 8080 is no container port of Deployment/gateway']);
    objects = base();
    (named(objects, 'Service', 'campaigns-metrics').spec as { selector: Record<string, string> }).selector['app.kubernetes.io/component'] = 'campaign';
    expect(wiringProblems(objects)).toEqual(['Service/campaigns-metrics: its selector matches no Deployment\'s pods']);
    objects = base();
    (named(objects, 'HorizontalPodAutoscaler', 'jobs-api').spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name = 'jobs';
    expect(wiringProblems(objects)).toEqual(expect.arrayContaining([expect.stringMatching(/HorizontalPodAutoscaler\/jobs-api: targets apps\/v1 Deployment\/jobs/), 'Deployment/jobs-api: no HorizontalPodAutoscaler']));
    objects = base();
    (named(objects, 'PodDisruptionBudget', 'gateway').spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels = { app: 'gateway' };
    expect(wiringProblems(objects)).toEqual(expect.arrayContaining([expect.stringMatching(/PodDisruptionBudget\/gateway: its selector matches no/)]));
    objects = base();
    (named(objects, 'Deployment', 'campaigns').spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels.extra = 'x';
    expect(deploymentProblems(objects)).toEqual(['Deployment/campaigns: selector does not match its pod labels']);
  });

  it('a migration Job that skips an app, runs them out of order, or names an entrypoint that does not exist', () => {
    const job = (objects: K8sObject[]) => podSpecOf(named(objects, 'Job', 'campaigns-platform-migrate'))!.containers[0];
    let objects = base();
    job(objects).command = ['sh', '-c', 'node dist/apps/gateway/src/migrate.js && node dist/apps/campaigns/src/migrate.js'];
    expect(migrationJobProblems(objects)).toEqual([expect.stringMatching(/runs migrations of gateway, campaigns, not gateway, campaigns, jobs/)]);
    objects = base();
    job(objects).command = ['sh', '-c', 'node dist/apps/campaigns/src/migrate.js && node dist/apps/gateway/src/migrate.js && node dist/apps/jobs/src/migrate.js'];
    expect(migrationJobProblems(objects)).toHaveLength(1);
    objects = base();
    job(objects).command = ['sh', '-c', 'node dist/apps/gateway/src/migrate.js && node dist/apps/campaigns/src/migrate.js && node dist/apps/jobs/src/migrate.js && node dist/apps/billing/src/migrate.js'];
    expect(migrationJobProblems(objects)).toEqual(expect.arrayContaining(['Job/campaigns-platform-migrate: apps/billing/src/migrate.ts does not exist']));
  });
});
