import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { expect, it } from '@jest/globals';
import { eventually } from './http.js';

/**
 * The queue dashboard's guard, checked the same way wherever it is served: on the monolith
 * (e2e) and on a split-mode jobs process (test/process), which the e2e harness cannot reach.
 */
export const DASHBOARD_PASSWORD = 'queue-dashboard-test-password';
export const DASHBOARD_MAX_FAILURES = 5;
export const DASHBOARD_FAILURE_WINDOW_S = 3;

/**
 * The environment that mounts the dashboard with the limits these checks expect; the checks
 * speak as several clients through X-Forwarded-For, believed from loopback only.
 */
export const DASHBOARD_ENV = {
  QUEUE_DASHBOARD_PASSWORD: DASHBOARD_PASSWORD,
  QUEUE_DASHBOARD_MAX_FAILURES: String(DASHBOARD_MAX_FAILURES),
  QUEUE_DASHBOARD_FAILURE_WINDOW_S: String(DASHBOARD_FAILURE_WINDOW_S),
  TRUSTED_PROXIES: 'loopback',
};

export interface AnswerAsWritten {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: any;
}

/** One request with its path sent exactly as written (fetch would resolve `..` and `.` first). */
export function requestAsWritten(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<AnswerAsWritten> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers: body ? { 'content-type': 'application/json', ...headers } : headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const json = /json/.test(res.headers['content-type'] ?? '') && text !== '';
        resolve({ status: res.statusCode!, headers: res.headers, text, body: json ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

const OPS = basic('ops', DASHBOARD_PASSWORD);

/** Reads: the same path with the password must reach Bull Board whenever it does at all. */
const READS = [
  '/admin/queues',
  '/admin/queues/',
  '/admin/%71ueues',
  '/admin/%71ueues/api/queues',
  '/%61dmin/queues/api/queues',
  '/%61dmin/%71ueues/api/queues?activeQueue=sleep',
  '/admin/queues/api/queues',
  '/admin/queues/api/queues/',
  '/admin/queues/api/%71ueues',
  '/admin/queues/%61pi/queues',
  '/admin/queues/api/queues?x=/health',
  '/admin/queues/api/queues%3F',
  '/admin/queues/api/queues;x=1',
  '/admin/queues;x=1/api/queues',
  '/admin/queues/../queues/api/queues',
  '/admin/queues/./api/queues',
  '/admin/queues/x/../api/queues',
  '/admin/queues/api/queues/%2e%2e/queues',
  '//admin/queues/api/queues',
  '/admin//queues/api/queues',
  '/%2Fadmin/queues/api/queues',
  '/admin%2Fqueues/api/queues',
  '/admin/queues%2Fapi%2Fqueues',
  '/ADMIN/QUEUES',
  '/Admin/Queues/api/queues',
  '/admin/queues/api/queues/sleep/metrics',
  '/admin/queues/api/queues/%73leep/workers',
  '/admin/queues/api/redis/stats',
  '/admin/queues/queue/sleep',
  '/admin/queues/static/favicon-32x32.png',
  '/admin/%71ueues/static/favicon-32x32.png',
  '/admin/queues/static/%66avicon-32x32.png',
  '/admin/queues/static/images/../favicon-32x32.png',
  '/admin/queues/nope',
];

/** Writes, never sent with the password: each must be refused without it. */
const WRITES: Array<[string, string, string?]> = [
  ['PUT', '/admin/queues/api/queues/sleep/pause'],
  ['PUT', '/admin/%71ueues/api/queues/sleep/pause'],
  ['PUT', '/%61dmin/queues/api/queues/%73leep/pause'],
  ['PUT', '/admin/queues/api/queues/pause'],
  ['PUT', '/admin/queues/api/queues/sleep/pause/'],
  ['PUT', '/admin/queues/api/queues/sleep/clean/completed'],
  ['PUT', '/admin/queues/api/queues/sleep/empty'],
  ['PUT', '/admin/queues/api/queues/sleep/obliterate', '{}'],
  ['POST', '/admin/%71ueues/api/queues/sleep/add', '{"name":"x","data":{}}'],
  ['PATCH', '/admin/%71ueues/api/queues/sleep/00000000-0000-7000-8000-000000000000/update-data', '{"data":{}}'],
  ['DELETE', '/admin/queues/api/queues/sleep'],
];

/** Why an answer to a request without credentials is not a proper refusal; undefined when it is. */
function improperRefusal(res: AnswerAsWritten, method: string, label: string): string | undefined {
  const problem = /^application\/problem\+json/.test(res.headers['content-type'] ?? '');
  const challenged = /^Basic realm=/.test(String(res.headers['www-authenticate'] ?? ''));
  const code = method === 'HEAD' ? 'UNAUTHENTICATED' : res.body?.code;
  if (res.status === 401 && problem && challenged && code === 'UNAUTHENTICATED') return undefined;
  if (res.status === 404 && problem) return undefined;
  return `${label}: ${res.status} ${res.headers['content-type']} ${res.text.slice(0, 120)}`;
}

/**
 * The checks, as `it` blocks of the calling describe; `base()` is the URL of a process that
 * serves the dashboard with DASHBOARD_ENV.
 */
export function itChecksTheQueueDashboard(base: () => string): void {
  it('answers 401 problem+json with a Basic challenge to every spelling of every dashboard path, and nothing else without credentials', async () => {
    const failures: string[] = [];
    for (const path of READS) {
      for (const method of ['GET', 'HEAD']) {
        const anonymous = await requestAsWritten(base(), method, path);
        const ops = await requestAsWritten(base(), method, path, OPS);
        const label = `${method} ${path}: ${anonymous.status} without, ${ops.status} with the password`
        // Whatever the password opens must be closed without it.
        if (ops.status < 400 && anonymous.status !== 401) failures.push(label);
        const improper = improperRefusal(anonymous, method, label);
        if (improper) failures.push(improper);
      }
    }
    expect(failures).toEqual([]);
    for (const [method, path] of [['GET', '/admin/%71ueues/api/queues'], ['GET', '/admin/queues/'], ['GET', '/%61dmin/queues/api/queues'], ['HEAD', '/admin/%71ueues/api/queues']]) {
      expect({ path, status: (await requestAsWritten(base(), method!, path!)).status }).toEqual({ path, status: 401 });
    }
  });

  it('refuses every write without credentials, and nothing changed', async () => {
    const failures: string[] = [];
    for (const [method, path, body] of WRITES) {
      const res = await requestAsWritten(base(), method, path, {}, body);
      if (res.status !== 401) failures.push(`${method} ${path}: ${res.status}`);
      const improper = improperRefusal(res, method, `${method} ${path}`);
      if (improper) failures.push(improper);
    }
    expect(failures).toEqual([]);
    const queues = await requestAsWritten(base(), 'GET', '/admin/queues/api/queues?activeQueue=sleep&status=waiting&page=1&jobsPerPage=100', OPS);
    expect(queues.status).toBe(200);
    const sleep = queues.body.queues.find((q: { name: string }) => q.name === 'sleep');
    expect(sleep.isPaused).toBe(false);
    expect(sleep.jobs.filter((job: { name: string }) => job.name === 'x')).toEqual([]);
  });

  it('wants user ops and the password; the scheme is case-insensitive', async () => {
    const wrong = [basic('ops', 'wrong'), basic('admin', DASHBOARD_PASSWORD), basic('ops', `${DASHBOARD_PASSWORD}x`), { authorization: 'Bearer x' }, { authorization: 'Basic' }, { authorization: 'Basic !!!' }];
    for (const [i, headers] of wrong.entries()) {
      // One client address each: these are not what the throttle is tested on.
      const res = await requestAsWritten(base(), 'GET', '/admin/queues/api/queues', { ...headers, 'x-forwarded-for': `192.0.2.${10 + i}` });
      expect(res.status).toBe(401);
    }
    const lower = { authorization: OPS.authorization!.replace('Basic', 'basic') };
    expect((await requestAsWritten(base(), 'GET', '/admin/queues/api/queues', lower)).status).toBe(200);
    const page = await requestAsWritten(base(), 'GET', '/admin/queues', OPS);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
  });

  it(`throttles failed logins per client address: after ${DASHBOARD_MAX_FAILURES}, 429 with Retry-After until the window ends, even with the password`, async () => {
    const from = (address: string, headers: Record<string, string>) => ({ ...headers, 'x-forwarded-for': address });
    const guesser = '198.51.100.7';
    for (let i = 0; i < DASHBOARD_MAX_FAILURES; i++) {
      expect((await requestAsWritten(base(), 'GET', '/admin/queues/api/queues', from(guesser, basic('ops', `guess-${i}`)))).status).toBe(401);
    }
    for (const headers of [basic('ops', 'guess-next'), OPS, {}]) {
      const locked = await requestAsWritten(base(), 'GET', '/admin/%71ueues/api/queues', from(guesser, headers));
      expect(locked.status).toBe(429);
      expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(locked.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(DASHBOARD_FAILURE_WINDOW_S);
    }
    // Another client is not locked out.
    expect((await requestAsWritten(base(), 'GET', '/admin/queues/api/queues', from('198.51.100.8', OPS))).status).toBe(200);
    // The window ends: the right password works again.
    await eventually(async () => ((await requestAsWritten(base(), 'GET', '/admin/queues/api/queues', from(guesser, OPS))).status === 200 ? true : undefined), (DASHBOARD_FAILURE_WINDOW_S + 5) * 1000, 250);
  });

  it("serves the dashboard's page under a policy that lets its assets load (its own CSP, not the API's)", async () => {
    const page = await requestAsWritten(base(), 'GET', '/admin/queues', OPS);
    const csp = directives(String(page.headers['content-security-policy']));
    const stylesheets = [...page.text.matchAll(/<link[^>]+rel="stylesheet"[^>]*>/g)].map((m) => /href="([^"]+)"/.exec(m[0])![1]!);
    const scripts = [...page.text.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    expect(stylesheets.length).toBeGreaterThan(0);
    for (const href of stylesheets) expect({ href, allowed: allows(csp['style-src'] ?? csp['default-src']!, href) }).toEqual({ href, allowed: true });
    for (const src of scripts) expect({ src, allowed: allows(csp['script-src'] ?? csp['default-src']!, src) }).toEqual({ src, allowed: true });
    if (stylesheets.some((href) => href.startsWith('https://fonts.googleapis.com/'))) expect(csp['font-src']).toContain('https://fonts.gstatic.com');
    // Its inline <style> and style attributes need 'unsafe-inline' for styles, never for scripts.
    expect(csp['style-src']).toContain("'unsafe-inline'");
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    // The API keeps the platform's policy.
    const health = await requestAsWritten(base(), 'GET', '/health/live');
    expect(health.headers['content-security-policy']).not.toContain('fonts.googleapis.com');
  });

  it('offers no retry of failed jobs (the store is the record: POST /v1/jobs/{id}/retry retries)', async () => {
    const queues = await requestAsWritten(base(), 'GET', '/admin/queues/api/queues', OPS);
    expect(queues.body.queues.map((q: { allowRetries: boolean }) => q.allowRetries)).toEqual([false, false, false]);
  });

  it("answers Bull Board's own errors as problem+json, keeping what its page reads", async () => {
    const unknown = await requestAsWritten(base(), 'GET', '/admin/queues/api/queues/no-such-queue/metrics', OPS);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404, code: 'NOT_FOUND', error: { key: expect.any(String) }, requestId: expect.any(String) });
    const malformed = await requestAsWritten(base(), 'PUT', '/admin/queues/api/queues/sleep/concurrency', OPS, '{"concurrency":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.text).not.toMatch(/\bat \S+\.(js|ts):\d+/);
  });
}

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** Whether a source list lets a page of this origin load `url` (relative: 'self'; absolute: its origin listed). */
function allows(sources: string[], url: string): boolean {
  if (!/^[a-z]+:/i.test(url)) return sources.includes("'self'");
  return sources.includes(new URL(url).origin);
}
