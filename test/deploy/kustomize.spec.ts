import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, K8sObject, KustomizeError, splitImage } from './kustomize.js';

/** The renderer's kustomize semantics, on small kustomizations written here. */
describe('test/deploy/kustomize.ts', () => {
  let root: string;
  let n = 0;

  const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      initContainers:
        - { name: init, image: "registry.local:5000/tools/web:1.0" }
      containers:
        - { name: web, image: web, ports: [{ name: http, containerPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: http }]
`;

  /** A folder of files; returns its path. */
  const tree = (files: Record<string, string>): string => {
    const dir = join(root, `case-${n++}`);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  const find = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind)!;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kustomize-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('renders a base under an overlay: patches, then namespace, labels, replicas and images', () => {
    const dir = tree({
      'base/kustomization.yaml': 'resources: [app.yaml]\n',
      'base/app.yaml': DEPLOYMENT,
      'overlay/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources: [ns.yaml, ../base]
labels:
  - pairs: { tier: edge }
    includeSelectors: false
replicas: [{ name: web, count: 5 }]
images:
  - { name: web, newName: example.org/web, newTag: "2.0" }
  - { name: "registry.local:5000/tools/web", digest: "sha256:abc" }
secretGenerator:
  - name: creds
    literals: [PASSWORD=a=b]
    options: { disableNameSuffixHash: true, labels: { role: secrets } }
patches:
  - path: replicas.yaml
    target: { kind: Deployment, name: w.* }
  - target: { kind: Service, version: v1 }
    patch: |-
      - op: add
        path: /metadata/annotations
        value: { checked: "yes" }
`,
      'overlay/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      'overlay/replicas.yaml': '- { op: replace, path: /spec/replicas, value: 3 }\n- { op: add, path: /spec/template/spec/containers/0/env, value: [{ name: A, value: "1" }] }\n',
    });
    const objects = build(join(dir, 'overlay'));
    const deployment = find(objects, 'Deployment') as any;
    expect(deployment.metadata).toEqual({ name: 'web', namespace: 'shop', labels: { app: 'web', tier: 'edge' } });
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'web' } }); // includeSelectors: false
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(deployment.spec.replicas).toBe(5); // the replicas field runs after patches
    expect(deployment.spec.template.spec.containers[0]).toEqual(expect.objectContaining({ image: 'example.org/web:2.0', env: [{ name: 'A', value: '1' }] }));
    expect(deployment.spec.template.spec.initContainers[0].image).toBe('registry.local:5000/tools/web@sha256:abc');
    expect(find(objects, 'Service').metadata).toEqual({ name: 'web', namespace: 'shop', annotations: { checked: 'yes' }, labels: { tier: 'edge' } });
    expect(find(objects, 'Namespace').metadata).toEqual({ name: 'shop', labels: { tier: 'edge' } }); // cluster-scoped: no namespace
    expect(find(objects, 'Secret')).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'shop', labels: { role: 'secrets', tier: 'edge' } }, type: 'Opaque', data: { PASSWORD: Buffer.from('a=b').toString('base64') } });
  });

  it('splits image references as kustomize does', () => {
    expect(splitImage('web')).toEqual({ name: 'web', suffix: '' });
    expect(splitImage('web:1')).toEqual({ name: 'web', suffix: ':1' });
    expect(splitImage('host:5000/a/web')).toEqual({ name: 'host:5000/a/web', suffix: '' });
    expect(splitImage('host:5000/a/web:1@sha256:x')).toEqual({ name: 'host:5000/a/web', suffix: ':1@sha256:x' });
  });

  it.each([
    ['a missing resource', { 'kustomization.yaml': 'resources: [nope.yaml]\n' }, /nope.yaml does not exist/],
    ['a file outside the kustomization folder', { 'k/kustomization.yaml': 'resources: [../app.yaml]\n', 'app.yaml': DEPLOYMENT }, /outside the kustomization's folder/],
    ['a folder without a kustomization', { 'kustomization.yaml': 'resources: [sub]\n', 'sub/app.yaml': DEPLOYMENT }, /sub has no kustomization.yaml/],
    ['a field it does not implement', { 'kustomization.yaml': 'resources: [app.yaml]\nnamePrefix: x-\n', 'app.yaml': DEPLOYMENT }, /namePrefix not implemented/],
    ['commonLabels (selectors too)', { 'kustomization.yaml': 'resources: [app.yaml]\ncommonLabels: { a: b }\n', 'app.yaml': DEPLOYMENT }, /commonLabels not implemented/],
    ['labels into selectors', { 'kustomization.yaml': 'resources: [app.yaml]\nlabels: [{ pairs: { a: b }, includeSelectors: true }]\n', 'app.yaml': DEPLOYMENT }, /includeSelectors: false/],
    ['a strategic-merge patch', { 'kustomization.yaml': 'resources: [app.yaml]\npatches: [{ path: p.yaml }]\n', 'app.yaml': DEPLOYMENT, 'p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { replicas: 1 }\n' }, /strategic-merge patches are not implemented/],
    ['a patch replacing a missing field', { 'kustomization.yaml': 'resources: [app.yaml]\npatches: [{ path: p.yaml, target: { kind: Deployment } }]\n', 'app.yaml': DEPLOYMENT, 'p.yaml': '- { op: replace, path: /spec/paused, value: true }\n' }, /p.yaml on Deployment\/web/],
    ['a patch target that matches nothing', { 'kustomization.yaml': 'resources: [app.yaml]\npatches: [{ path: p.yaml, target: { kind: Deployment, name: webb } }]\n', 'app.yaml': DEPLOYMENT, 'p.yaml': '- { op: replace, path: /spec/replicas, value: 1 }\n' }, /matches no resource/],
    ['replicas of nothing', { 'kustomization.yaml': 'resources: [app.yaml]\nreplicas: [{ name: api, count: 1 }]\n', 'app.yaml': DEPLOYMENT }, /no Deployment .* named api/],
    ['a hashed generated name', { 'kustomization.yaml': 'secretGenerator: [{ name: s, literals: [A=1] }]\n' }, /name hash suffix is not implemented/],
    ['the same resource twice', { 'kustomization.yaml': 'resources: [app.yaml, again.yaml]\n', 'app.yaml': DEPLOYMENT, 'again.yaml': DEPLOYMENT }, /already registered id: apps\/Deployment\/\/web/],
    ['a document that is not an object', { 'kustomization.yaml': 'resources: [app.yaml]\n', 'app.yaml': 'kind: Deployment\n' }, /without apiVersion, kind and metadata.name/],
  ])('refuses %s', (_, files, message) => {
    const dir = tree(files as Record<string, string>);
    const attempt = () => build(join(dir, Object.keys(files)[0].startsWith('k/') ? 'k' : ''));
    expect(attempt).toThrow(KustomizeError);
    expect(attempt).toThrow(message);
  });
});
