// The baseline of the live-stream bench (bench/push.bench.mjs): a plain node `http` server
// holding Server-Sent Events streams, with no framework, no auth, no Redis. A stream is a
// response in a Set; POST /trigger writes one frame, built once, to every stream (the same
// shape of frame as the product's: id, event, one line of JSON); a heartbeat comment goes to
// every stream as often as the product's (PUSH_HEARTBEAT_S, 15 s by default).
// GET /memory answers process.memoryUsage().
import http from 'node:http';

const [port, heartbeatS = '15'] = process.argv.slice(2);
const streams = new Set();
let seq = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    res.write(`retry: 3000\n: live stream\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
    res.write(`id: 0-0\nevent: ready\ndata: {"type":"ready"}\n\n`);
    return;
  }
  if (req.method === 'POST' && req.url === '/trigger') {
    seq += 1;
    const frame = `id: ${Date.now()}-${seq}\nevent: tick\ndata: ${JSON.stringify({ type: 'tick', id: `t${seq}`, version: 1, occurredAt: new Date().toISOString() })}\n\n`;
    const started = performance.now();
    for (const stream of streams) stream.write(frame);
    const loopMs = performance.now() - started;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ loopMs }));
    return;
  }
  if (req.method === 'GET' && req.url === '/memory') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...process.memoryUsage(), streams: streams.size }));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 5000;
setInterval(() => {
  for (const stream of streams) stream.write(':\n\n');
}, Number(heartbeatS) * 1000).unref();
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  for (const stream of streams) stream.destroy();
  server.close(() => process.exit(0));
});
