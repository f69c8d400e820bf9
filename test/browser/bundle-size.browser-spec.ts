import { existsSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CONSOLE_INDEX, describeFirstLoad, firstLoad } from '../harness/bundle.js';

/**
 * The console's first load stays small: at most 300 kB of JavaScript gzipped (entry scripts and
 * their module preloads; lazily loaded chunks do not count, CSS is reported apart). Nothing is
 * skipped: without a built console this fails and says how to build it.
 */
const BUDGET_BYTES = 300 * 1024;

describe('console bundle size', () => {
  it(`first-load JavaScript is at most ${BUDGET_BYTES / 1024} kB gzipped`, async () => {
    if (!existsSync(CONSOLE_INDEX)) {
      throw new Error(`${CONSOLE_INDEX} does not exist: run \`npm run build\` (it builds the console into dist/console) before the browser tests`);
    }
    const load = await firstLoad(CONSOLE_INDEX);
    const report = describeFirstLoad(load);
    expect(load.scripts.length).toBeGreaterThan(0);
    if (load.scriptGzipBytes > BUDGET_BYTES) throw new Error(`The console's first load is over budget (${BUDGET_BYTES / 1024} kB gzipped):\n${report}`);
  });
});
