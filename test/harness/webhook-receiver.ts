import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './http.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  at: number;
}

/** What the receiver does with the n-th request (0-based): answer a status (and body, headers), or hold it open. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hold';

/**
 * A real webhook receiver on 127.0.0.1: records every request and answers from a script
 * (by default 200 `ok`). Held requests stay open until the receiver closes.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly held: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    public script: (n: number) => Answer,
  ) {}

  static async start(script: (n: number) => Answer = () => ({ status: 200, body: 'ok' })): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server, script);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const n = receiver.received.length;
        receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        const answer = receiver.script(n);
        if (answer === 'hold') {
          receiver.held.push(res);
          return;
        }
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Waits until `count` requests came. */
  async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
    return eventually(async () => (this.received.length >= count ? this.received : undefined), timeoutMs, 50);
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The headers a Standard Webhooks verifier takes, from a received request. */
export function webhookHeadersOf(received: ReceivedWebhook): Record<string, string> {
  const pick = (name: string) => String(received.headers[name] ?? '');
  return { 'webhook-id': pick('webhook-id'), 'webhook-timestamp': pick('webhook-timestamp'), 'webhook-signature': pick('webhook-signature') };
}
