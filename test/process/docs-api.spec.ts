import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, request } from '../harness/http.js';
import { freePort } from '../harness/private-servers.js';
import { Spawned } from '../harness/spawned.js';
import { TestEnvironment } from '../harness/test-env.js';

const DEMO_VARIABLES = ['TENANT_API_KEY', 'STAFF_VIEWER_TOKEN', 'STAFF_EDITOR_TOKEN', 'STAFF_ADMIN_TOKEN', 'OPS_TOKEN'];

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The ```bash blocks of a Markdown page, in order. */
function bashBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/**
 * docs/api.md as a reader uses it: `eval "$(npm run -s demo)"`, then every bash block in order,
 * in one shell, against a started monolith. A block whose command fails stops the shell there.
 */
describe('docs/api.md', () => {
  let env: TestEnvironment;
  let monolith: Spawned | undefined;
  let vars: NodeJS.ProcessEnv;
  let base: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const port = await freePort();
    vars = env.vars({ PORT: String(port) });
    base = `http://127.0.0.1:${port}`;
    monolith = Spawned.start('monolith', vars);
    await eventually(async () => ((await request(base, 'GET', '/health/ready')).status === 200 ? true : undefined), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; the monolith wrote:\n${monolith?.output}`);
    });
  }, 60_000);

  afterAll(async () => {
    await monolith?.stop('SIGKILL').catch(() => undefined);
    await env?.drop();
  });

  it('npm run demo prints only export lines a shell can eval, and every bash block of docs/api.md then succeeds in order', async () => {
    const demo = await run(process.execPath, ['dist/apps/gateway/src/demo.js'], vars, 60_000);
    expect({ code: demo.code, stderr: demo.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('eval') });
    const exports = demo.stdout.trimEnd().split('\n');
    for (const line of exports) expect(line).toMatch(/^export [A-Z_]+='[^']+'$/);
    expect(exports.map((line) => line.slice('export '.length, line.indexOf('=')))).toEqual(DEMO_VARIABLES);

    const blocks = bashBlocks(readFileSync('docs/api.md', 'utf8'));
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks[0]).toContain('API=${API:-http://localhost:3000}');
    const script = [
      'set -euo pipefail',
      demo.stdout,
      ...blocks.map((block, i) => `echo '::block ${i}' >&2\n${block}echo '::ok ${i}' >&2\n`),
    ].join('\n');
    const scratch = mkdtempSync(join(tmpdir(), 'docs-api-')); // the page's mktemp files
    const shell = await run('bash', ['-c', script], { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: scratch, API: base }, 120_000).finally(() =>
      rmSync(scratch, { recursive: true, force: true }),
    );

    const passed = [...shell.stderr.matchAll(/^::ok (\d+)$/gm)].length;
    const failure = passed < blocks.length ? `block ${passed} failed (exit ${shell.code}):\n${blocks[passed]}\n--- output ---\n${shell.stdout}\n${shell.stderr}` : '';
    expect(failure).toBe('');
    expect(shell.code).toBe(0);
  }, 180_000);
});
