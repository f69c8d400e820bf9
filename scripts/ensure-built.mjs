// `npm start` builds first when the build is missing or older than the sources (tsc -b is incremental).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const marker = 'dist/.tsbuildinfo';
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newest(path) : entry.name.endsWith('.ts') ? statSync(path).mtimeMs : 0;
    return Math.max(latest, time);
  }, 0);

const stale = !existsSync(marker) || Math.max(newest('apps'), newest('libs')) > statSync(marker).mtimeMs;
// On stderr: stdout stays the started program's own (`eval "$(npm run -s demo)"` reads it).
if (stale) {
  process.stderr.write('building...\n');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: ['ignore', 2, 2] });
}
