import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const REPO = resolve('.');

/** A tree of files, each importing the given paths, checked with the repository's own rules. */
function violations(files: Record<string, string[]>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'dep-rules-'));
  roots.push(root);
  cpSync(join(REPO, '.dependency-cruiser.cjs'), join(root, '.dependency-cruiser.cjs'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }));
  for (const [path, imports] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), `${imports.map((i, n) => `import * as m${n} from '${i}';\nvoid m${n};`).join('\n')}\nexport const x = 1;\n`);
  }
  let output: string;
  try {
    output = execFileSync(join(REPO, 'node_modules/.bin/depcruise'), ['apps', 'libs', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    output = (error as { stdout: string }).stdout; // depcruise exits non-zero when it finds violations
  }
  const result = JSON.parse(output) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('accept a module whose layers point inwards', () => {
    expect(violations({
      'apps/shop/src/orders/domain/order.ts': [],
      'apps/shop/src/orders/application/order-store.port.ts': ['../domain/order.js'],
      'apps/shop/src/orders/application/place-order.use-case.ts': ['./order-store.port.js', '../domain/order.js'],
      'apps/shop/src/orders/infrastructure/order.repository.ts': ['../application/order-store.port.js', '../domain/order.js'],
      'apps/shop/src/orders/http/orders.controller.ts': ['../application/place-order.use-case.js'],
      'libs/common/src/index.ts': [],
    })).toEqual([]);
  });

  it('refuse a layer violation, an app importing another app, a lib importing an app, and a cycle', () => {
    expect(violations({
      'apps/shop/src/orders/domain/order.ts': ['../application/place-order.use-case.js'],
      'apps/shop/src/orders/application/place-order.use-case.ts': ['../infrastructure/order.repository.js'],
      'apps/shop/src/orders/infrastructure/order.repository.ts': [],
      'apps/gateway/src/campaigns/live.controller.ts': ['../read-cache/reads.js'],
      'apps/gateway/src/read-cache/reads.ts': [],
      'apps/jobs/src/jobs/domain/job.ts': ['../../../../gateway/src/read-cache/reads.js'],
      'libs/common/src/a.ts': ['./b.js', '../../../apps/shop/src/orders/domain/order.js'],
      'libs/common/src/b.ts': ['./a.js'],
    })).toEqual([
      'app-imports-another-app: apps/jobs/src/jobs/domain/job.ts -> apps/gateway/src/read-cache/reads.ts',
      'application-imports-infrastructure: apps/shop/src/orders/application/place-order.use-case.ts -> apps/shop/src/orders/infrastructure/order.repository.ts',
      'domain-imports-outer-layer: apps/shop/src/orders/domain/order.ts -> apps/shop/src/orders/application/place-order.use-case.ts',
      'gateway-campaigns-imports-read-cache: apps/gateway/src/campaigns/live.controller.ts -> apps/gateway/src/read-cache/reads.ts',
      'lib-imports-app: libs/common/src/a.ts -> apps/shop/src/orders/domain/order.ts',
      'no-circular: libs/common/src/a.ts -> libs/common/src/b.ts',
    ]);
  });
});
