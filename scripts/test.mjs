// `npm test`: every check CI runs, in order, failing fast. Each step prints what it runs.
import { spawnSync } from 'node:child_process';

const jest = (args, env = {}) => ({
  cmd: process.execPath,
  args: ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...args],
  env,
});
const steps = [
  ['type check', { cmd: process.execPath, args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'] }],
  ['type check, staff console', { cmd: process.execPath, args: ['node_modules/typescript/bin/tsc', '-p', 'apps/console/tsconfig.json'] }],
  ['architecture rules', { cmd: process.execPath, args: ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'apps', 'libs', '--config', '.dependency-cruiser.cjs'] }],
  ['build', { cmd: process.execPath, args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'] }],
  ['build, staff console', { cmd: process.execPath, args: ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'] }],
  ['unit tests', jest(['--selectProjects', 'unit'])],
  ['e2e tests, monolith mode', jest(['--selectProjects', 'e2e', '--runInBand'], { E2E_MODE: 'monolith' })],
  // Split mode runs on the production topology: a three-primary Redis Cluster and PgBouncer in
  // transaction mode, both private and on loopback (test/harness/topology.global-setup.ts).
  ['e2e tests, split mode (gateway, 2 campaigns, 2 jobs) on Redis Cluster and PgBouncer', jest(['--selectProjects', 'e2e', '--runInBand'], { E2E_MODE: 'split', E2E_REDIS: 'cluster', E2E_POSTGRES: 'pgbouncer' })],
  // A real Chromium (CHROMIUM_PATH, else `chromium` on PATH) against the product and a test OpenID provider.
  ['browser tests, monolith mode', jest(['--selectProjects', 'browser', '--runInBand'], { E2E_MODE: 'monolith' })],
  // The harness's self-test and the bundle budget do not depend on the runtime: run once, above.
  ['browser tests, split mode', jest(['--selectProjects', 'browser', '--runInBand', '--testPathIgnorePatterns', '/test/browser/(harness|bundle-helper|bundle-size)\\.browser-spec\\.ts$'], { E2E_MODE: 'split' })],
  ['process and fault tests', jest(['--selectProjects', 'system', '--runInBand'])],
];

for (const [name, { cmd, args, env = {} }] of steps) {
  process.stdout.write(`\n=== ${name}\n`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  process.stdout.write(`=== ${name}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
