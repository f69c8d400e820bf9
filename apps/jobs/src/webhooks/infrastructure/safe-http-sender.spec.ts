import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '#common';
import { JobsConfig } from '../../jobs.config.js';
import { guardedLookup, SafeHttpSender } from './safe-http-sender.js';

/** The sender against a real server on loopback: what it refuses, what it reads, when it stops. */
describe('SafeHttpSender', () => {
  let server: Server;
  let base: string;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/ok') res.writeHead(200, { 'retry-after': '7' }).end('x'.repeat(2000));
      else if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/huge') {
        res.writeHead(200);
        const chunk = 'y'.repeat(16 * 1024);
        const write = () => {
          while (res.write(chunk)) if (res.destroyed) return;
          res.once('drain', write);
        };
        write();
      } else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 5000).unref();
      else res.writeHead(404).end('nope');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const sender = (env: Record<string, string>) => new SafeHttpSender(loadConfig(JobsConfig, { NODE_ENV: 'test', WEBHOOKS_TIMEOUT_MS: '1000', ...env }));
  const allowed = sender({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
  const strict = sender({});
  const send = (s: SafeHttpSender, url: string) => s.send(url, { 'webhook-id': 'msg' }, '{}');

  it('refuses a loopback address at connect time, by name or literal, unless private addresses are allowed', async () => {
    // localhost is refused by its name already (at subscription time too).
    expect(await send(strict, `http://localhost:${port}/ok`)).toMatchObject({ error: { code: 'INVALID_URL' } });
    expect(await send(strict, `http://127.0.0.1:${port}/ok`)).toMatchObject({ error: { code: 'ADDRESS_BLOCKED' } });
    expect(await send(strict, `http://[::1]:${port}/ok`)).toMatchObject({ error: { code: 'ADDRESS_BLOCKED' } });
    expect(await send(allowed, `${base}/ok`)).toMatchObject({ status: 200 });
  });

  it('checks every address a name resolves to, in the lookup the socket connects with', async () => {
    const lookup = (allowPrivate: boolean) =>
      new Promise<{ error: Error | null; addresses: unknown }>((resolve) => guardedLookup(allowPrivate)('localhost', { all: true }, (error, addresses) => resolve({ error, addresses })));
    const refused = await lookup(false);
    expect(refused.error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) is a loopback address$/);
    const allowedLookup = await lookup(true);
    expect(allowedLookup.error).toBeNull();
    expect(allowedLookup.addresses).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) })]));
  });

  it('keeps the status, the first 512 bytes and Retry-After', async () => {
    const outcome = await send(allowed, `${base}/ok`);
    expect(outcome).toMatchObject({ status: 200, retryAfter: '7', latencyMs: expect.any(Number) });
    expect(outcome.snippet).toHaveLength(512);
  });

  it('does not follow a redirect', async () => {
    expect(await send(allowed, `${base}/redirect`)).toMatchObject({ status: 302 });
  });

  it('stops reading an answer past MAX_RESPONSE_BYTES', async () => {
    const outcome = await send(allowed, `${base}/huge`);
    expect(outcome.status).toBe(200);
    expect(outcome.error).toBeUndefined();
    expect(outcome.snippet).toHaveLength(512);
    expect(outcome.latencyMs).toBeLessThan(1000);
  });

  it('times out', async () => {
    const started = Date.now();
    expect(await send(allowed, `${base}/slow`)).toMatchObject({ error: { code: 'TIMEOUT' } });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('refuses credentials in the URL and other schemes before connecting', async () => {
    expect(await send(allowed, `http://u:p@127.0.0.1:${port}/ok`)).toMatchObject({ error: { code: 'INVALID_URL' } });
    expect(await send(allowed, `file:///etc/passwd`)).toMatchObject({ error: { code: 'INVALID_URL' } });
  });
});
