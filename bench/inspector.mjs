// Talks to a process started with --inspect=127.0.0.1:<port> (the live-stream bench uses it to
// collect garbage before reading a resident set, and for heap snapshots when profiling):
//   node --experimental-websocket bench/inspector.mjs <port> gc
//   node --experimental-websocket bench/inspector.mjs <port> snapshot <file>
//   node --experimental-websocket bench/inspector.mjs <port> profile <file> <seconds>   (CPU profile)
// (Node 20's WebSocket is behind that flag; 22 has it by default.)
import { createWriteStream } from 'node:fs';

const [port, command, file, seconds] = process.argv.slice(2);
const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = () => reject(new Error('could not connect to the inspector'));
});
let nextId = 0;
const pending = new Map();
const out = command === 'snapshot' ? createWriteStream(file) : null;
ws.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(message.params.chunk);
  else if (message.id !== undefined) pending.get(message.id)?.(message);
};
const call = (method, params = {}) =>
  new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
    ws.send(JSON.stringify({ id, method, params }));
  });

if (command === 'gc') {
  // Twice: the first may leave objects whose finalizers free more.
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
} else if (command === 'snapshot') {
  await call('HeapProfiler.enable');
  await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await new Promise((resolve) => out.end(resolve));
  await call('HeapProfiler.disable');
} else if (command === 'profile') {
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  const { profile } = await call('Profiler.stop');
  await call('Profiler.disable');
  (await import('node:fs')).writeFileSync(file, JSON.stringify(profile));
} else {
  throw new Error(`unknown command ${command}`);
}
ws.close();
