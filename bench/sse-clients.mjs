// The clients of the live-stream bench (bench/push.bench.mjs): Server-Sent Events streams
// held by this process, on raw `net` sockets read with `onread` (no Readable stream per socket;
// one shared buffer) and a minimal HTTP/1.1 + chunked + SSE parser: node's `http` client costs
// several times more CPU per chunk, and at 5,000 streams the clients' CPU is part of the
// receipt time of the last client. It runs in its own process (the bench may start several,
// each with its share of the streams), never in the measured one. Driven over IPC by the bench:
//   -> {cmd: 'open', host, port, path, headers, count, readyEvent}   <- {opened, failed, firstError}
//   -> {cmd: 'track', events: [...]}: frames of these event types are timed per connection;
//      once every open connection has received one frame id: <- {frame: {id, event, data, times (sorted)}}
//   -> {cmd: 'stats'}  <- {stats: {cpuMs (this process's CPU time so far), open, closedByPeer, incomplete: [{id, event, count}]}}
//   -> {cmd: 'close'}  <- {closed: true}, then the process exits
// Times are wall-clock milliseconds with sub-millisecond precision (performance.timeOrigin +
// performance.now()), comparable with Date.now() and the product's timestamps on this machine.
import net from 'node:net';

const now = () => performance.timeOrigin + performance.now();
const sockets = new Set();
let tracked = new Set();
/** id -> {event, data, times[]} of tracked frames not yet received by every connection. */
const frames = new Map();
let closedByPeer = 0;

function send(message) {
  process.send?.(message);
}

/** One connection's parser: the response head, then chunked transfer coding, then SSE frames. */
function connection(socket, { readyEvent, onReady, onFail }) {
  let head = true;
  let buffer = ''; // raw bytes as latin1 (one char per byte), so chunk sizes count characters
  let chunkLeft = 0; // bytes of the current chunk still to read
  let chunked = false;
  let text = ''; // the SSE text decoded from the chunks, not yet a whole frame
  let ready = false;

  const frame = (block, at) => {
    let id;
    let event = 'message';
    let data;
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (!ready && event === readyEvent) {
      ready = true;
      onReady();
      return;
    }
    if (id === undefined || !tracked.has(event)) return;
    let entry = frames.get(id);
    if (!entry) frames.set(id, (entry = { event, data, times: [] }));
    entry.times.push(at);
    if (entry.times.length === sockets.size) {
      frames.delete(id);
      send({ frame: { id, event, data, times: entry.times.sort((a, b) => a - b) } });
    }
  };

  const sse = (piece, at) => {
    text += piece;
    for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      if (block.length && block[0] !== ':') frame(block, at);
    }
  };

  return (chunk) => {
    const at = now();
    buffer += chunk;
    if (head) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = buffer.slice(0, buffer.indexOf('\r\n'));
      const headers = buffer.slice(0, end).toLowerCase();
      buffer = buffer.slice(end + 4);
      head = false;
      if (!/^HTTP\/1\.1 200/.test(status)) return onFail(`${status} ${buffer.slice(0, 300)}`);
      chunked = headers.includes('transfer-encoding: chunked');
    }
    if (!chunked) {
      sse(buffer, at);
      buffer = '';
      return;
    }
    for (;;) {
      if (chunkLeft > 0) {
        const take = Math.min(chunkLeft, buffer.length);
        if (take === 0) return;
        sse(buffer.slice(0, take), at);
        buffer = buffer.slice(take);
        chunkLeft -= take;
        if (chunkLeft > 0) return;
        chunkLeft = -2; // the chunk's CRLF
      }
      if (chunkLeft === -2) {
        if (buffer.length < 2) return;
        buffer = buffer.slice(2);
        chunkLeft = 0;
      }
      const eol = buffer.indexOf('\r\n');
      if (eol < 0) return;
      const size = parseInt(buffer.slice(0, eol), 16);
      buffer = buffer.slice(eol + 2);
      if (size === 0) return socket.end();
      chunkLeft = size;
    }
  };
}

/** One buffer for every socket's reads: `onread` hands it to the callback, which decodes it at once. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

function openOne({ host, port, path, headers, readyEvent }) {
  return new Promise((resolve) => {
    let onData;
    const socket = net.connect({ host, port, onread: { buffer: READ_BUFFER, callback: (n, buf) => void onData(buf.latin1Slice(0, n)) } });
    let settled = false;
    const settle = (error) => {
      if (settled) return;
      settled = true;
      if (error) {
        sockets.delete(socket);
        socket.destroy();
      }
      resolve(error);
    };
    sockets.add(socket);
    socket.on('error', (e) => settle(e.message));
    socket.on('close', () => {
      if (sockets.delete(socket) && settled) closedByPeer += 1;
      settle('closed before ready');
    });
    onData = connection(socket, { readyEvent, onReady: () => settle(), onFail: (why) => settle(why) });
    const lines = [`GET ${path} HTTP/1.1`, `Host: ${host}:${port}`, 'Accept: text/event-stream', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
    socket.write(lines.join('\r\n'));
  });
}

process.on('message', async (message) => {
  if (message.cmd === 'open') {
    let next = 0;
    let opened = 0;
    let failed = 0;
    let firstError;
    // A bounded number of handshakes in flight: a burst of thousands of SYNs overflows the listen backlog.
    await Promise.all(
      Array.from({ length: Math.min(message.concurrency ?? 100, message.count) }, async () => {
        while (next < message.count) {
          next += 1;
          const error = await openOne(message);
          if (error) {
            failed += 1;
            firstError ??= error;
          } else opened += 1;
        }
      }),
    );
    send({ opened, failed, firstError });
  } else if (message.cmd === 'track') {
    tracked = new Set(message.events);
  } else if (message.cmd === 'stats') {
    const cpu = process.cpuUsage();
    send({ stats: { cpuMs: (cpu.user + cpu.system) / 1000, open: sockets.size, closedByPeer, incomplete: [...frames].map(([id, f]) => ({ id, event: f.event, data: f.data, count: f.times.length })) } });
  } else if (message.cmd === 'close') {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    send({ closed: true });
    process.disconnect?.();
  }
});
send({ started: true });
