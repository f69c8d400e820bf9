import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { checkA11y, launchBrowser, newJourney, screenshot } from '../harness/browser.js';

/** The browser harness itself, on pages a local server makes for it (no product needed). */
const PAGES: Record<string, string> = {
  '/clean': '<!doctype html><html lang="en"><head><title>Clean</title><link rel="icon" href="data:,"></head><body><main><h1>Clean</h1><p>Nothing wrong here.</p></main></body></html>',
  '/dirty': `<!doctype html><html lang="en"><head><title>Dirty</title><link rel="icon" href="data:,"></head><body><main><h1>Dirty</h1>
    <img alt="refused by CSP" src="http://127.0.0.9:9/pixel.png">
    <script src="/dirty.js"></script></main></body></html>`,
  '/dirty.js': `console.error('something broke'); fetch('/missing'); setTimeout(() => { throw new Error('uncaught in page'); });`,
  '/inaccessible': '<!doctype html><html lang="en"><head><title>Inaccessible</title><link rel="icon" href="data:,"></head><body><main><h1>Form</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>',
};

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = PAGES[req.url ?? ''];
    const type = req.url?.endsWith('.js') ? 'text/javascript' : 'text/html';
    res.writeHead(body ? 200 : 404, { 'content-type': type, 'content-security-policy': "default-src 'self'; img-src 'self' data:" }).end(body ?? 'not found');
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('browser harness', () => {
  it('a clean page reports no problems and passes the accessibility check', async () => {
    const { page, problems, close } = await newJourney(browser);
    try {
      await page.goto(`${base}/clean`);
      expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
      await checkA11y(page, 'clean page');
      problems.expectNone();
    } finally {
      await close();
    }
  });

  it('collects console errors, uncaught errors, failed requests and CSP violations', async () => {
    const { page, problems, close } = await newJourney(browser);
    try {
      await page.goto(`${base}/dirty`);
      await page.waitForTimeout(500); // the uncaught error is thrown on a timer; bindings report asynchronously
      expect(problems.consoleErrors.join('\n')).toContain('something broke');
      expect(problems.pageErrors.join('\n')).toContain('uncaught in page');
      expect(problems.failedRequests.join('\n')).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/missing: 404/);
      expect(problems.cspViolations.join('\n')).toMatch(/img-src refused http:\/\/127\.0\.0\.9:9\/pixel\.png/);
      expect(() => problems.expectNone()).toThrow(/The browser reported \d+ problem\(s\)/);
      expect(() => problems.expectNone([/./])).not.toThrow();
    } finally {
      await close();
    }
  });

  it('checkA11y fails on serious or critical violations, naming each rule and element', async () => {
    const { page, close } = await newJourney(browser);
    try {
      await page.goto(`${base}/inaccessible`);
      const failure = await checkA11y(page, 'inaccessible page').then(() => undefined, (error: Error) => error.message);
      expect(failure).toMatch(/Accessibility \(inaccessible page, .*\/inaccessible\): \d+ serious or critical/);
      expect(failure).toContain('image-alt');
      expect(failure).toContain('label');
    } finally {
      await close();
    }
  });

  it('screenshot writes a PNG into CONSOLE_SCREENSHOTS when set, and nothing otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shots-'));
    const { page, close } = await newJourney(browser);
    const saved = process.env.CONSOLE_SCREENSHOTS;
    try {
      await page.goto(`${base}/clean`);
      delete process.env.CONSOLE_SCREENSHOTS;
      await expect(screenshot(page, 'clean')).resolves.toBeUndefined();
      process.env.CONSOLE_SCREENSHOTS = join(dir, 'images');
      const file = await screenshot(page, 'clean');
      expect(file).toBe(join(dir, 'images', 'clean.png'));
      expect((await readFile(file!)).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      if (saved === undefined) delete process.env.CONSOLE_SCREENSHOTS;
      else process.env.CONSOLE_SCREENSHOTS = saved;
      await close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
