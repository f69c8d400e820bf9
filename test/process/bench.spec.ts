import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Spawned } from '../harness/spawned.js';

/**
 * `npm run bench` in a short form (1 s per scenario, a few jobs): it runs every section to the
 * end, writes its result, and exits by itself. A connection or timer left open kept it running
 * after "wrote ..." until someone pressed Ctrl-C.
 */
describe('npm run bench', () => {
  let bench: Spawned | undefined;

  afterAll(async () => {
    await bench?.stop('SIGKILL');
  });

  it('writes its result and exits 0 on its own', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'bench-')), 'result.json');
    bench = Spawned.startFile('bench/run.mjs', {
      ...process.env,
      BENCH_DURATION_S: '1',
      BENCH_WARMUP_S: '0',
      BENCH_CONNECTIONS: '4',
      BENCH_WRITE_CONNECTIONS: '2',
      BENCH_JOBS: '30',
      BENCH_RAW_JOBS: '100',
      BENCH_SATURATION_S: '2',
      BENCH_WAIT_JOBS: '3',
      BENCH_RELAY_EVENTS: '200',
      BENCH_OUTPUT: output,
    });
    const wrote = await waitFor(() => bench!.output.includes(`wrote ${output}`), 240_000);
    expect(wrote).toBe(true);
    // Everything is done once the result is written: the process has nothing left to wait for.
    expect(await bench.exitCode(20_000)).toBe(0);
    const result = JSON.parse(readFileSync(output, 'utf8')) as { results: Array<{ name: string; reqPerS: number; non2xx: number }> };
    expect(result.results.length).toBeGreaterThanOrEqual(6);
    for (const row of result.results) expect({ name: row.name, served: row.reqPerS > 0, non2xx: row.non2xx }).toEqual({ name: row.name, served: true, non2xx: 0 });
  }, 300_000);
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}
