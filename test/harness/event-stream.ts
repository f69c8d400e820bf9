import http from 'node:http';

/** A message received on a live stream, with the moment it arrived. */
export interface StreamMessage {
  id: string | undefined;
  event: string | undefined;
  data: any;
  receivedAt: number;
}

/**
 * A client of `GET /v1/campaign-events/stream` as an app holds one: it keeps every message,
 * the last id (for Last-Event-ID), the `retry:` hints and comments, and says how it ended.
 *
 * It parses the stream itself (SseParser below), as the WHATWG rules say, rather than with
 * eventsource-parser: that package exports its TypeScript sources under the `source` condition,
 * which this repository's type check resolves (for #common), and they do not compile here.
 */
export class EventStreamClient {
  readonly messages: StreamMessage[] = [];
  readonly retries: number[] = [];
  comments = 0;
  lastEventId: string | undefined;
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  body = '';
  ended = false;
  private request: http.ClientRequest | null = null;
  private readonly waiters = new Set<() => void>();

  private constructor() {}

  /** Opens a stream (resolves once the status line arrived); `lastEventId` resumes. */
  static open(baseUrl: string, headers: Record<string, string>, lastEventId?: string, accept = 'text/event-stream'): Promise<EventStreamClient> {
    const client = new EventStreamClient();
    client.lastEventId = lastEventId;
    return new Promise((resolve, reject) => {
      const url = new URL('/v1/campaign-events/stream', baseUrl);
      const request = http.get(url, { headers: { ...headers, accept, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, agent: false }, (response) => {
        client.status = response.statusCode ?? 0;
        client.headers = response.headers;
        const parser = new SseParser({
          event: (message) => client.received(message),
          retry: (ms) => client.retries.push(ms),
          comment: () => (client.comments += 1),
        });
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (client.status === 200) parser.feed(chunk);
          else client.body += chunk;
          client.wake();
        });
        response.on('close', () => {
          client.ended = true;
          client.wake();
        });
        resolve(client);
      });
      request.on('error', (error) => {
        client.ended = true;
        client.wake();
        if (client.status === 0) reject(error);
      });
      client.request = request;
    });
  }

  /** The problem body of a refused stream (once it has ended). */
  async problem(): Promise<any> {
    await this.until(() => this.ended, 5000);
    return JSON.parse(this.body);
  }

  of(event: string): StreamMessage[] {
    return this.messages.filter((m) => m.event === event);
  }

  /** Waits until `check` holds (checked on every chunk), failing after `timeoutMs`. */
  async until(check: () => boolean, timeoutMs = 10_000, what = 'the stream to show what was expected'): Promise<void> {
    if (check()) return;
    const failure = (why: string) => new Error(`${why} waiting for ${what}; status ${this.status}, received: ${JSON.stringify(this.messages.map((m) => [m.event, m.data]))} ${this.body}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(failure(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => {
        if (!check() && !this.ended) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (check()) resolve();
        else reject(failure('the stream ended'));
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits for a message matching `match`, and returns it. */
  async next(match: (m: StreamMessage) => boolean, timeoutMs = 10_000): Promise<StreamMessage> {
    await this.until(() => this.messages.some(match), timeoutMs);
    return this.messages.find(match)!;
  }

  close(): void {
    this.request?.destroy();
  }

  private received(message: SseMessage): void {
    if (message.id !== undefined) this.lastEventId = message.id;
    this.messages.push({ id: message.id, event: message.event, data: JSON.parse(message.data), receivedAt: Date.now() });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

interface SseMessage {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

/** The event-stream interpretation of the HTML standard (9.2.6), for what these tests need. */
class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;

  constructor(private readonly on: { event(message: SseMessage): void; retry(ms: number): void; comment(): void }) {}

  feed(chunk: string): void {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return this.on.comment();
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.on.retry(Number(value));
  }

  private dispatch(): void {
    if (this.data.length > 0) this.on.event({ id: this.id, event: this.event, data: this.data.join('\n') });
    this.data = [];
    this.event = undefined;
  }
}
