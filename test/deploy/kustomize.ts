import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import fastJsonPatch, { Operation } from 'fast-json-patch';
import { parse, parseAllDocuments } from 'yaml';

/**
 * A small kustomize: no kustomize (or kubectl) binary is installed here, so the deploy tests
 * render k8s/ with this instead. It implements only the subset of kustomize that k8s/ uses,
 * with kustomize's semantics, and refuses anything else (a field or option it does not know
 * throws), so a kustomization that starts using more fails here rather than being rendered
 * wrongly:
 * - `resources`: YAML files (several documents each) inside the kustomization's folder (kustomize's
 *   default load restrictions), and folders holding a kustomization (rendered first, bases);
 * - `secretGenerator` with `literals`, `type` and `options` `disableNameSuffixHash: true` (no
 *   name hash) and `labels`;
 * - `patches` with `path` or inline `patch`, holding JSON 6902 operations, and a `target`
 *   selecting by `kind`, `name` (an anchored regular expression, as in kustomize), `group`,
 *   `version`, `namespace`;
 * - then, in kustomize's order: `namespace`, `labels` (`pairs`, `includeSelectors: false`:
 *   metadata labels only), `replicas`, `images` (`newName`, `newTag`, `digest`).
 * Stricter than kustomize on purpose: a patch target or a `replicas` entry that selects nothing
 * is an error here (kustomize ignores a patch that matches nothing).
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'replicas', 'patches', 'secretGenerator']);
/** Kinds the namespace transformer leaves alone (the cluster-scoped ones this renderer may meet). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
/** Kinds whose namespace kustomize also rewrites in other fields (subjects, webhooks): not implemented. */
const NAMESPACE_HACK_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService']);
const REPLICATED_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

export class KustomizeError extends Error {
  override name = 'KustomizeError';
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; [k: string]: unknown }>;
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string; [k: string]: unknown }>;
  replicas?: Array<{ name: string; count: number; [k: string]: unknown }>;
  patches?: Array<{ path?: string; patch?: string; target?: PatchTarget; options?: unknown; [k: string]: unknown }>;
  secretGenerator?: Array<{ name: string; literals?: string[]; type?: string; options?: { disableNameSuffixHash?: boolean; [k: string]: unknown }; [k: string]: unknown }>;
}

interface PatchTarget {
  kind?: string;
  name?: string;
  group?: string;
  version?: string;
  namespace?: string;
  [k: string]: unknown;
}

/** The kustomization file of a folder, or undefined when it has none. */
export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

/** Every file a kustomization names (resources, patches), resolved; throws on any that is missing. */
export function referencedFiles(dir: string): string[] {
  const k = readKustomization(dir);
  const files: string[] = [];
  for (const entry of k.resources ?? []) files.push(resolveInside(dir, entry, true));
  for (const p of k.patches ?? []) if (p.path) files.push(resolveInside(dir, p.path, false));
  return files;
}

/** `kustomize build <dir>` for the subset described above. */
export function build(dir: string): K8sObject[] {
  const k = readKustomization(dir);
  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolveInside(dir, entry, true);
    objects.push(...(statSync(path).isDirectory() ? build(path) : readObjects(path)));
  }
  for (const generator of k.secretGenerator ?? []) objects.push(generateSecret(dir, generator));
  assertUniqueIds(objects, dir);
  for (const patch of k.patches ?? []) objects = applyPatch(dir, objects, patch);
  if (k.namespace) setNamespace(objects, k.namespace);
  for (const label of k.labels ?? []) addLabels(dir, objects, label);
  for (const replica of k.replicas ?? []) setReplicas(dir, objects, replica);
  for (const image of k.images ?? []) setImage(dir, objects, image);
  assertUniqueIds(objects, dir);
  return objects;
}

function readKustomization(dir: string): Kustomization {
  const file = kustomizationFile(dir);
  if (!file) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const k = parse(readFileSync(file, 'utf8')) as Kustomization;
  if (!k || typeof k !== 'object') throw new KustomizeError(`${file}: not a kustomization`);
  if (k.apiVersion !== undefined && k.apiVersion !== 'kustomize.config.k8s.io/v1beta1') throw new KustomizeError(`${file}: apiVersion ${k.apiVersion}`);
  if (k.kind !== undefined && k.kind !== 'Kustomization') throw new KustomizeError(`${file}: kind ${k.kind}`);
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED_FIELDS.has(key));
  if (unsupported.length) throw new KustomizeError(`${file}: field(s) ${unsupported.join(', ')} not implemented by this renderer`);
  return k;
}

/**
 * A path named by a kustomization: files must lie inside its folder (kustomize's default
 * LoadRestrictionsRootOnly); folders (other kustomizations) may lie anywhere.
 */
function resolveInside(dir: string, entry: string, folderAllowed: boolean): string {
  if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/')) throw new KustomizeError(`${dir}: remote resource ${entry} not implemented`);
  const path = resolve(dir, entry);
  if (!existsSync(path)) throw new KustomizeError(`${dir}: ${entry} does not exist`);
  if (statSync(path).isDirectory()) {
    if (!folderAllowed) throw new KustomizeError(`${dir}: ${entry} is a folder`);
    if (!kustomizationFile(path)) throw new KustomizeError(`${dir}: ${entry} has no kustomization.yaml`);
    return path;
  }
  const rel = relative(dir, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new KustomizeError(`${dir}: ${entry} is outside the kustomization's folder (kustomize refuses it)`);
  return path;
}

function readObjects(file: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length) throw new KustomizeError(`${file}: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value) || !value.apiVersion || !value.kind || !value.metadata?.name) {
      throw new KustomizeError(`${file}: a document without apiVersion, kind and metadata.name`);
    }
    objects.push(value);
  }
  return objects;
}

function generateSecret(dir: string, generator: NonNullable<Kustomization['secretGenerator']>[number]): K8sObject {
  const known = new Set(['name', 'literals', 'type', 'options']);
  const extra = Object.keys(generator).filter((key) => !known.has(key));
  if (extra.length) throw new KustomizeError(`${dir}: secretGenerator ${generator.name}: ${extra.join(', ')} not implemented`);
  const optionKeys = Object.keys(generator.options ?? {}).filter((key) => key !== 'disableNameSuffixHash' && key !== 'labels');
  if (optionKeys.length) throw new KustomizeError(`${dir}: secretGenerator ${generator.name}: options ${optionKeys.join(', ')} not implemented`);
  if (generator.options?.disableNameSuffixHash !== true) {
    throw new KustomizeError(`${dir}: secretGenerator ${generator.name}: the name hash suffix is not implemented (set options.disableNameSuffixHash: true)`);
  }
  const data: Record<string, string> = {};
  for (const literal of generator.literals ?? []) {
    const at = literal.indexOf('=');
    if (at <= 0) throw new KustomizeError(`${dir}: secretGenerator ${generator.name}: literal ${JSON.stringify(literal)} is not KEY=VALUE`);
    const key = literal.slice(0, at);
    if (key in data) throw new KustomizeError(`${dir}: secretGenerator ${generator.name}: ${key} twice`);
    data[key] = Buffer.from(literal.slice(at + 1)).toString('base64');
  }
  const labels = generator.options?.labels as Record<string, string> | undefined;
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: generator.name, ...(labels ? { labels: { ...labels } } : {}) }, type: generator.type ?? 'Opaque', data };
}

function assertUniqueIds(objects: K8sObject[], dir: string): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) throw new KustomizeError(`${dir}: may not add resource with an already registered id: ${id}`);
    seen.add(id);
  }
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

function applyPatch(dir: string, objects: K8sObject[], entry: NonNullable<Kustomization['patches']>[number]): K8sObject[] {
  const extra = Object.keys(entry).filter((key) => !['path', 'patch', 'target'].includes(key));
  if (extra.length) throw new KustomizeError(`${dir}: patch option(s) ${extra.join(', ')} not implemented`);
  if (!!entry.path === !!entry.patch) throw new KustomizeError(`${dir}: a patch needs exactly one of path and patch`);
  const where = entry.path ?? 'inline patch';
  const text = entry.path ? readFileSync(resolveInside(dir, entry.path, false), 'utf8') : entry.patch!;
  const ops = parse(text) as Operation[];
  if (!Array.isArray(ops)) throw new KustomizeError(`${dir}: ${where}: strategic-merge patches are not implemented (use JSON 6902 operations)`);
  if (!entry.target) throw new KustomizeError(`${dir}: ${where}: a JSON 6902 patch needs a target`);
  const target = entry.target;
  const targetExtra = Object.keys(target).filter((key) => !['kind', 'name', 'group', 'version', 'namespace'].includes(key));
  if (targetExtra.length) throw new KustomizeError(`${dir}: ${where}: target field(s) ${targetExtra.join(', ')} not implemented`);
  const name = target.name === undefined ? undefined : new RegExp(`^(?:${target.name})$`);
  const matches = (o: K8sObject) =>
    (target.kind === undefined || target.kind === o.kind) &&
    (name === undefined || name.test(o.metadata.name)) &&
    (target.group === undefined || target.group === groupOf(o.apiVersion)) &&
    (target.version === undefined || target.version === versionOf(o.apiVersion)) &&
    (target.namespace === undefined || target.namespace === (o.metadata.namespace ?? ''));
  let matched = 0;
  const result = objects.map((o) => {
    if (!matches(o)) return o;
    matched++;
    try {
      return fastJsonPatch.applyPatch(structuredClone(o), ops, true, true).newDocument;
    } catch (error) {
      throw new KustomizeError(`${dir}: ${where} on ${o.kind}/${o.metadata.name}: ${(error as Error).message.split('\n')[0]}`);
    }
  });
  if (matched === 0) throw new KustomizeError(`${dir}: ${where}: target ${JSON.stringify(target)} matches no resource`);
  return result;
}

function setNamespace(objects: K8sObject[], namespace: string): void {
  for (const o of objects) {
    if (NAMESPACE_HACK_KINDS.has(o.kind)) throw new KustomizeError(`namespace: ${o.kind} needs kustomize's special handling, not implemented`);
    if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = namespace;
  }
}

function addLabels(dir: string, objects: K8sObject[], label: NonNullable<Kustomization['labels']>[number]): void {
  const extra = Object.keys(label).filter((key) => !['pairs', 'includeSelectors'].includes(key));
  if (extra.length || label.includeSelectors) {
    throw new KustomizeError(`${dir}: labels: only pairs with includeSelectors: false are implemented (got ${JSON.stringify(label)})`);
  }
  for (const o of objects) o.metadata.labels = { ...o.metadata.labels, ...label.pairs };
}

function setReplicas(dir: string, objects: K8sObject[], replica: NonNullable<Kustomization['replicas']>[number]): void {
  if (!Number.isInteger(replica.count) || replica.count < 0) throw new KustomizeError(`${dir}: replicas ${replica.name}: count must be a whole number`);
  const targets = objects.filter((o) => REPLICATED_KINDS.has(o.kind) && o.metadata.name === replica.name);
  if (targets.length === 0) throw new KustomizeError(`${dir}: replicas: no Deployment (or other replicated kind) named ${replica.name}`);
  for (const o of targets) (o.spec as { replicas?: number }).replicas = replica.count;
}

function setImage(dir: string, objects: K8sObject[], image: NonNullable<Kustomization['images']>[number]): void {
  const extra = Object.keys(image).filter((key) => !['name', 'newName', 'newTag', 'digest'].includes(key));
  if (extra.length) throw new KustomizeError(`${dir}: images ${image.name}: ${extra.join(', ')} not implemented`);
  if (image.newTag !== undefined && image.digest !== undefined) throw new KustomizeError(`${dir}: images ${image.name}: newTag with digest not implemented`);
  for (const o of objects) {
    for (const container of containersOf(o)) {
      const { name, suffix } = splitImage(container.image);
      if (name !== image.name) continue;
      const newSuffix = image.digest !== undefined ? `@${image.digest}` : image.newTag !== undefined ? `:${image.newTag}` : suffix;
      container.image = `${image.newName ?? name}${newSuffix}`;
    }
  }
}

/** `registry:5000/team/app:1.2@sha256:...` → name `registry:5000/team/app`, suffix `:1.2@sha256:...`. */
export function splitImage(image: string): { name: string; suffix: string } {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const end = colon > withoutDigest.lastIndexOf('/') ? colon : withoutDigest.length;
  return { name: image.slice(0, end), suffix: image.slice(end) };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  [field: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  [field: string]: unknown;
}

/** The pod spec of a workload (Deployment, Job, ...) or a Pod, if any. */
export function podSpecOf(o: K8sObject): PodSpec | undefined {
  const spec = o.spec as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } }; containers?: Container[] } | undefined;
  if (!spec) return undefined;
  if (o.kind === 'Pod') return spec as PodSpec;
  return spec.template?.spec ?? spec.jobTemplate?.spec?.template?.spec;
}

function containersOf(o: K8sObject): Container[] {
  const pod = podSpecOf(o);
  return pod ? [...(pod.initContainers ?? []), ...(pod.containers ?? [])] : [];
}

/** The folder of the repository (two levels above this file). */
export const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
