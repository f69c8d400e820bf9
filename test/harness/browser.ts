import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

/**
 * A real Chromium for browser tests (Debian's package: Playwright cannot download one here).
 * One browser per test file (`launchBrowser()` in beforeAll, `close()` in afterAll), a fresh
 * context per journey (`newJourney(browser, { baseURL: product.url })`): no cookie, storage or
 * session crosses journeys.
 */

/**
 * Without the background-networking flags Chromium keeps opening connections to Google's
 * services, which this machine's closed network refuses (noise in logs, slow shutdowns).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox', // root in CI containers
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

/** `CHROMIUM_PATH`, else what `command -v chromium` finds; a clear error when neither exists. */
export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0];
    if (found) return found;
  } catch {
    // not found: below
  }
  throw new Error('No Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH to its executable');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** What went wrong in a journey's pages, as a person with the developer tools open would see it. */
export class PageProblems {
  /** `console.error` calls and Chromium's own error messages (a failed resource load, a refused script). */
  readonly consoleErrors: string[] = [];
  /** Uncaught exceptions and unhandled rejections. */
  readonly pageErrors: string[] = [];
  /** Requests that got no answer (refused, aborted, blocked) and answers with status ≥ 400. */
  readonly failedRequests: string[] = [];
  /** `securitypolicyviolation` events: what the Content-Security-Policy refused. */
  readonly cspViolations: string[] = [];

  /** Everything above, each line saying what kind it is. */
  all(): string[] {
    return [
      ...this.consoleErrors.map((m) => `console error: ${m}`),
      ...this.pageErrors.map((m) => `page error: ${m}`),
      ...this.failedRequests.map((m) => `failed request: ${m}`),
      ...this.cspViolations.map((m) => `CSP violation: ${m}`),
    ];
  }

  /**
   * Throws, listing every problem, unless there are none besides those matching `allow` (e.g. a
   * journey that provokes a 401 on purpose allows `/ 401 .*\/v1\//`).
   */
  expectNone(allow: RegExp[] = []): void {
    const left = this.all().filter((line) => !allow.some((pattern) => pattern.test(line)));
    if (left.length > 0) throw new Error(`The browser reported ${left.length} problem(s):\n  ${left.join('\n  ')}`);
  }

  clear(): void {
    for (const list of [this.consoleErrors, this.pageErrors, this.failedRequests, this.cspViolations]) list.length = 0;
  }
}

export interface Journey {
  context: BrowserContext;
  /** The journey's first page (others it opens are watched too). */
  page: Page;
  problems: PageProblems;
  close(): Promise<void>;
}

/**
 * A fresh browser context (viewport 1280×800, en-US) with one page, every page of it watched for
 * console errors, uncaught errors, failed requests and CSP violations. Options go to
 * `browser.newContext` (e.g. `baseURL: product.url`, `timezoneId`, `viewport`).
 */
export async function newJourney(browser: Browser, options: BrowserContextOptions = {}): Promise<Journey> {
  const context = await browser.newContext({ viewport: DEFAULT_VIEWPORT, locale: 'en-US', ...options });
  const problems = new PageProblems();
  // Reported from every frame through a binding: devtools-injected, so the page's CSP cannot block it.
  await context.exposeBinding('__reportCspViolation', ({ frame }, violation: Record<string, unknown>) => {
    problems.cspViolations.push(`${violation.directive} refused ${violation.blocked || '(inline)'} in ${frame.url()}${violation.source ? ` (${violation.source}:${violation.line})` : ''}${violation.sample ? `: ${violation.sample}` : ''}`);
  });
  await context.addInitScript(CSP_LISTENER);
  context.on('page', (page) => watch(page, problems));
  const page = await context.newPage();
  return { context, page, problems, close: () => context.close() };
}

// A string, not a function: the project's TypeScript has no DOM types.
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) => {
  window.__reportCspViolation({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample });
}, true);`;

function watch(page: Page, problems: PageProblems): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    problems.consoleErrors.push(`${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
  page.on('requestfailed', (request) => {
    // Aborted is what the page or the test chose (a navigation away, a cancelled query), not a failure.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
}

export interface A11yOptions {
  /** Only this part of the page (CSS selector). */
  include?: string;
  /** Leave these parts out (CSS selectors), e.g. a third-party widget checked elsewhere. */
  exclude?: string[];
  /** axe rule ids not to run, each with a reason in the calling test. */
  disableRules?: string[];
}

/**
 * Runs axe-core on the page as it is now and fails, listing each violation readably, when any is
 * `serious` or `critical` (WCAG 2.x A/AA rules and axe's best practices). Lesser ones are
 * returned, for a test that wants them.
 */
export async function checkA11y(page: Page, label: string, options: A11yOptions = {}): Promise<string[]> {
  // Legacy mode runs axe in the page itself; the default mode opens a helper page per check
  // (about 8 s here, against well under 1 s) and only adds support for cross-origin iframes.
  let builder = new AxeBuilder({ page }).setLegacyMode(true);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const { violations } = await builder.analyze();
  const describe = (v: (typeof violations)[number]) =>
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes
      .slice(0, 10)
      .map((n) => `    at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s*\n\s*/g, '; ')}\n      ${n.html.slice(0, 200)}`)
      .join('\n') +
    (v.nodes.length > 10 ? `\n    … and ${v.nodes.length - 10} more` : '');
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    throw new Error(`Accessibility (${label}, ${page.url()}): ${blocking.length} serious or critical violation(s):\n  ${blocking.map(describe).join('\n  ')}`);
  }
  return violations.map(describe);
}

/**
 * Writes `<name>.png` into the folder CONSOLE_SCREENSHOTS names (e.g. docs/images/console), when
 * set; does nothing otherwise. Returns the file written, if any.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string | undefined> {
  const folder = process.env.CONSOLE_SCREENSHOTS;
  if (!folder) return undefined;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)}: letters, digits, . _ - only`);
  const dir = resolve(folder);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return file;
}
