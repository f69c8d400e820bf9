// `npm start` builds first when a build is missing or older than its sources: the server
// (tsc is incremental) and the staff console (Vite, into dist/console).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir, isSource) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    if (path === 'apps/console' && isSource === serverSource) return latest;
    const time = entry.isDirectory() ? newest(path, isSource) : isSource(entry.name) ? statSync(path).mtimeMs : 0;
    return Math.max(latest, time);
  }, 0);
const olderThan = (marker, dirs, isSource) => !existsSync(marker) || Math.max(...dirs.map((dir) => newest(dir, isSource))) > statSync(marker).mtimeMs;

const serverSource = (name) => name.endsWith('.ts');
const run = (args) => execFileSync(process.execPath, args, { stdio: ['ignore', 2, 2] });
// On stderr: stdout stays the started program's own (`eval "$(npm run -s demo)"` reads it).
if (olderThan('dist/.tsbuildinfo', ['apps', 'libs'], serverSource)) {
  process.stderr.write('building the server...\n');
  run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
}
if (olderThan('dist/console/index.html', ['apps/console'], () => true)) {
  process.stderr.write('building the console...\n');
  run(['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn']);
}
