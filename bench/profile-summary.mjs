// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package.
import { readFileSync } from 'node:fs';

export function summarize(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    self.set(node.id, (self.get(node.id) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map();
  const pkg = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
    const name = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    fn.set(name, (fn.get(name) ?? 0) + us);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
    const group = m ? m[1] : where.startsWith('dist/') ? where.split('/').slice(0, 4).join('/') : where.startsWith('node:') ? 'node core' : functionName.startsWith('(') ? functionName : 'node core / other';
    pkg.set(group, (pkg.get(group) ?? 0) + us);
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, pct: Math.round((1000 * us) / total) / 10 }));
  return { totalMs: Math.round(total / 1000), byFunction: rank(fn), byPackage: rank(pkg) };
}

if (process.argv[2]) console.log(JSON.stringify(summarize(process.argv[2]), null, 2));
