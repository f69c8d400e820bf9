import http from 'node:http';
/** A small HTTP client for tests: Node's fetch, JSON in and out, nothing hidden. */
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** A value to send as JSON, or a string sent as it is. */
  body?: unknown;
}

export async function request<T = any>(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<TestResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'accept' && value.includes('text/event-stream'))) return streamOpening(baseUrl, method, path, headers, body);
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  // An event stream never ends: its status and headers are the answer (EventStreamClient reads streams).
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, headers: response.headers, body: '' as T, text: '' };
  }
  const text = await response.text();
  let parsed: unknown = text;
  if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/**
 * A request for an event stream, which never ends: its answer here is the status, the headers
 * and the opening block (up to the first blank line), then the connection is dropped, as an app
 * that goes away does (EventStreamClient follows streams). Node's http rather than fetch: a
 * fetch whose body is cancelled or aborted left the product's close waiting about a minute.
 */
function streamOpening<T>(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<TestResponse<T>> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, baseUrl), { method, headers, agent: false }, (response) => {
      let text = '';
      const done = () => {
        request.destroy();
        const answer = new Headers(Object.entries(response.headers).map(([name, value]): [string, string] => [name, String(value)]));
        const json = /json/.test(response.headers['content-type'] ?? '') && text ? JSON.parse(text) : text;
        resolve({ status: response.statusCode ?? 0, headers: answer, body: json as T, text });
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (response.statusCode === 200 && text.includes('\n\n')) done();
      });
      response.on('end', done);
    });
    request.on('error', reject);
    request.end(body);
  });
}
