// Repairs package-lock.json after `npm install` on a registry mirror that lacks some
// platform-specific optional packages (e.g. @swc/core-darwin-arm64 at the version @swc/core
// asks for). npm then writes a lock without them, and `npm ci` refuses that lock anywhere
// ("Missing: ... from lock file"). This adds each missing optional dependency as an optional
// entry at the version its parent requires, so `npm ci` accepts the lock: on other platforms
// npm skips it, and where it applies npm fetches it like any optional package.
//   node scripts/lock-add-missing-optionals.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[base] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version: range.replace(/^[\^~=]/, ''), dev: entry.dev, optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} missing optional entries`);
