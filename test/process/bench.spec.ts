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
      // The live-stream section: a few streams and writes, short pauses (the 5,000 streams are `npm run bench`'s).
      BENCH_PUSH_STREAMS: '50',
      BENCH_PUSH_WRITES: '3',
      BENCH_PUSH_SETTLE_MS: '300',
      BENCH_PUSH_CLIENT_PROCESSES: '1',
      BENCH_OUTPUT: output,
    });
    const wrote = await waitFor(() => bench!.output.includes(`wrote ${output}`), 240_000);
    expect(wrote).toBe(true);
    // Everything is done once the result is written: the process has nothing left to wait for.
    expect(await bench.exitCode(20_000)).toBe(0);
    const result = JSON.parse(readFileSync(output, 'utf8')) as {
      results: Array<{ name: string; reqPerS: number; non2xx: number }>;
      push: { bare: PushSide; product: PushSide };
    };
    expect(result.results.length).toBeGreaterThanOrEqual(6);
    for (const row of result.results) expect({ name: row.name, served: row.reqPerS > 0, non2xx: row.non2xx }).toEqual({ name: row.name, served: true, non2xx: 0 });
    // The live-stream section: every write reached every stream, on both servers (its timings are not checked here).
    for (const side of [result.push.bare, result.push.product]) expect({ streams: side.streams, delivered: side.delivered, lost: side.lost }).toEqual({ streams: 50, delivered: 3, lost: 0 });
  }, 300_000);
});

interface PushSide {
  streams: number;
  delivered: number;
  lost: number;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}
