// What two V8 heap snapshots (.heapsnapshot) differ by, per constructor (or node type): count
// and self size added, largest first, optionally divided by a number of connections.
//   node bench/heap-diff.mjs before.heapsnapshot after.heapsnapshot [per] [top]
import { readFileSync } from 'node:fs';

function byConstructor(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snapshot.snapshot.meta;
  const fields = meta.node_fields;
  const types = meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const width = fields.length;
  const { nodes, strings } = snapshot;
  const groups = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    // Objects and closures by name; strings, code, arrays and the like by their type.
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type}: ${strings[nodes[i + nameAt]].slice(0, 80)}` : `(${type})`;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += nodes[i + sizeAt];
    groups.set(key, g);
  }
  return groups;
}

export function heapDiff(beforeFile, afterFile, per = 1, top = 25) {
  const before = byConstructor(beforeFile);
  const after = byConstructor(afterFile);
  const rows = [];
  let total = 0;
  for (const [key, a] of after) {
    const b = before.get(key) ?? { count: 0, size: 0 };
    const size = a.size - b.size;
    total += size;
    rows.push({ name: key, countPer: Math.round(((a.count - b.count) / per) * 100) / 100, bytesPer: Math.round(size / per) });
  }
  for (const [key, b] of before) if (!after.has(key)) total -= b.size;
  rows.sort((x, y) => y.bytesPer - x.bytesPer);
  return { bytesPerTotal: Math.round(total / per), top: rows.slice(0, top) };
}

if (process.argv[3]) {
  const [beforeFile, afterFile, per = '1', top = '25'] = process.argv.slice(2);
  const d = heapDiff(beforeFile, afterFile, Number(per), Number(top));
  console.log(`self size added per unit: ${d.bytesPerTotal} bytes`);
  for (const r of d.top) console.log(`${String(r.bytesPer).padStart(8)} B ${String(r.countPer).padStart(7)} x  ${r.name}`);
}
