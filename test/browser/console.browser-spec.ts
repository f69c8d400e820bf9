import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { bearer, uniqueSlug } from '../harness/auth.js';
import { checkA11y, launchBrowser, newJourney, screenshot, type Journey } from '../harness/browser.js';
import { insertDeadLetter } from '../harness/dead-letters.js';
import { CONSOLE_SCOPE, signInAtIdentityProvider, startProductWithIdentityProvider, type ProductWithIdentityProvider } from '../harness/identity-provider.js';
import { MODE } from '../harness/product.js';

/**
 * The staff console in a real browser (Debian's Chromium), against the product in this run's
 * runtime (monolith or split), signed in through a real OpenID provider with the code flow and
 * PKCE. Each journey is a fresh browser context; axe checks every page a journey visits, and the
 * pages' screenshots for docs/console.md are taken here (CONSOLE_SCREENSHOTS).
 */
const ZONE = 'Europe/Amsterdam';
/** Short, so that every journey also lives through silent renewals (one about every 10 s). */
const TOKEN_TTL_S = 70;
const tenant = uniqueSlug('console');
const ACCOUNTS = {
  eda: { sub: 'eda-0001', roles: ['editor' as const], tenant, name: 'Eda Editor' },
  vic: { sub: 'vic-0001', roles: ['viewer' as const], tenant, name: 'Vic Viewer' },
  ada: { sub: 'ada-0001', roles: ['admin' as const], tenant, name: 'Ada Admin' },
  otto: { sub: 'otto-0001', roles: ['ops' as const], tenant: null, name: 'Otto Operator' },
};
type Username = keyof typeof ACCOUNTS;

let stack: ProductWithIdentityProvider;
let browser: Browser;
let apiKey: string;
let opsHeaders: Record<string, string>;
const journeys: Journey[] = [];

beforeAll(async () => {
  stack = await startProductWithIdentityProvider({ accounts: ACCOUNTS, mode: MODE, accessTokenTtlS: TOKEN_TTL_S, env: { CONSOLE_OIDC_SCOPE: CONSOLE_SCOPE } });
  browser = await launchBrowser();
  opsHeaders = bearer(await stack.idp.signToken({ sub: 'setup@ops', roles: ['ops'] }));
  const created = await stack.product.request('POST', '/v1/admin/tenants', { headers: opsHeaders, body: { slug: tenant, name: 'Amsterdam Mall', timezone: ZONE } });
  expect(created.status).toBe(201);
  const key = await stack.product.request('POST', `/v1/admin/tenants/${tenant}/api-keys`, { headers: opsHeaders, body: { name: 'mobile app' } });
  expect(key.status).toBe(201);
  apiKey = key.body.key;
});

afterAll(async () => {
  for (const journey of journeys) await journey.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

/** A fresh browser context signed in as `username` through the provider's login page. */
async function signedIn(username: Username, path = '', options: Parameters<typeof newJourney>[1] = {}, signInScreenshot?: string): Promise<Journey> {
  const journey = await newJourney(browser, options);
  journeys.push(journey);
  const { page } = journey;
  await page.goto(`${stack.consoleUrl}${path}`);
  const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
  if (signInScreenshot) {
    await signIn.waitFor();
    await checkA11y(page, 'sign-in');
    await screenshot(page, signInScreenshot);
  }
  await signIn.click();
  await page.waitForURL((url) => url.origin === stack.idp.issuer);
  await signInAtIdentityProvider(page, username);
  await page.waitForURL((url) => url.origin === stack.origin && !url.pathname.endsWith('/callback'));
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return journey;
}

/** The page as a person sees it once loaded: a11y checked, and its screenshot taken. */
async function settled(page: Page, heading: string | RegExp, name?: string): Promise<void> {
  await page.getByRole('heading', { level: 2, name: heading }).first().waitFor();
  await page.getByRole('status').filter({ hasText: /^Loading/ }).first().waitFor({ state: 'detached' }).catch(() => undefined);
  await checkA11y(page, typeof heading === 'string' ? heading : String(heading));
  if (name) await screenshot(page, name);
}

const local = (instant: DateTime) => instant.setZone(ZONE).toFormat("yyyy-LL-dd'T'HH:mm");
const utc = (localTime: string) => DateTime.fromISO(localTime, { zone: ZONE }).toUTC().toISO();

const apiGet = (path: string) => stack.product.request('GET', path, { headers: { 'x-api-key': apiKey } });

describe(`the staff console (${MODE})`, () => {
  // Started an hour ago, so the apps show it now; its event the day after tomorrow.
  const now = DateTime.now().setZone(ZONE).startOf('minute');
  const campaign = { name: `Winter fair ${uniqueSlug('c')}`, start: local(now.minus({ hours: 1 })), end: local(now.plus({ days: 5 }).set({ hour: 18, minute: 0 })) };
  const event = { name: 'Choir evening', start: local(now.plus({ days: 2 }).set({ hour: 12, minute: 0 })), end: local(now.plus({ days: 2 }).set({ hour: 14, minute: 0 })) };
  let campaignId: string;

  it('an editor signs in, plans a campaign with an event in Europe/Amsterdam, and an app\'s live read shows it at the right instant', async () => {
    const { page, problems } = await signedIn('eda', 'calendar', {}, 'sign-in');
    await settled(page, 'Calendar');
    await page.getByRole('button', { name: 'New campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await dialog.getByLabel('Name').fill(campaign.name);
    await dialog.getByLabel('Starts').fill(campaign.start);
    await dialog.getByLabel('Ends').fill(campaign.end);
    await checkA11y(page, 'new campaign form');
    await screenshot(page, 'campaign-form');
    await dialog.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL(/\/console\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = page.url().split('/').pop()!;

    await page.getByRole('button', { name: 'Add event' }).click();
    const eventDialog = page.getByRole('dialog', { name: 'Add event' });
    await eventDialog.getByLabel('Name').fill(event.name);
    await eventDialog.getByLabel('Starts').fill(event.start);
    await eventDialog.getByLabel('Ends').fill(event.end);
    await eventDialog.getByRole('button', { name: 'Add event' }).click();
    await page.getByRole('cell', { name: event.name, exact: true }).waitFor();
    await settled(page, campaign.name, 'campaign');

    // What a mobile app reads with its API key: the campaign live now, at the instants typed in Amsterdam.
    const live = await apiGet('/v1/campaign-events/live');
    expect(live.body.items).toContainEqual(expect.objectContaining({ id: campaignId, name: campaign.name, startDate: utc(campaign.start), endDate: utc(campaign.end), status: 'live' }));
    const events = await apiGet(`/v1/campaign-events/${campaignId}/events`);
    expect(events.body.items).toEqual([expect.objectContaining({ name: event.name, startDate: utc(event.start), endDate: utc(event.end), status: 'upcoming' })]);

    // The calendar's "what the apps show now" is that same list.
    await page.getByRole('link', { name: 'Calendar', exact: true }).click();
    await page.getByRole('list', { name: 'Live campaigns' }).getByText(campaign.name).waitFor();
    await settled(page, 'Calendar', 'calendar');
    problems.expectNone();
  });

  it('explains a daylight-saving gap on the field, before sending anything', async () => {
    const { page, problems } = await signedIn('eda', 'calendar');
    await page.getByRole('button', { name: 'New campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await dialog.getByLabel('Name').fill('Gap');
    await dialog.getByLabel('Starts').fill('2027-03-28T02:30');
    await dialog.getByLabel('Ends').fill('2027-03-29T10:00');
    await dialog.getByRole('button', { name: 'Create campaign' }).click();
    await dialog.getByText('02:30 does not exist on 28 March 2027 in Europe/Amsterdam').waitFor();
    problems.expectNone();
  });

  it('reschedules the campaign by dragging it a day later on the calendar', async () => {
    const { page, problems } = await signedIn('eda', 'calendar');
    await settled(page, 'Calendar');
    const before = (await apiGet(`/v1/campaign-events/${campaignId}`)).body;
    const bar = page.locator('.fc-daygrid-event', { hasText: campaign.name }).first();
    await bar.waitFor();
    const startDay = DateTime.fromISO(before.startDate, { zone: ZONE });
    const from = await page.locator(`td.fc-daygrid-day[data-date="${startDay.toISODate()}"]`).boundingBox();
    const to = await page.locator(`td.fc-daygrid-day[data-date="${startDay.plus({ days: 1 }).toISODate()}"]`).boundingBox();
    const barBox = (await bar.boundingBox())!;
    const y = barBox.y + barBox.height / 2;
    await page.mouse.move(from!.x + from!.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(from!.x + from!.width / 2 + 10, y, { steps: 4 });
    await page.mouse.move(to!.x + to!.width / 2, to!.y + (y - from!.y), { steps: 12 });
    await page.mouse.up();
    await page.getByText(`${campaign.name} rescheduled.`).waitFor();

    const after = (await apiGet(`/v1/campaign-events/${campaignId}`)).body;
    expect(after.version).toBe(before.version + 1);
    expect(after.startDate).toBe(DateTime.fromISO(before.startDate, { zone: ZONE }).plus({ days: 1 }).toUTC().toISO());
    expect(after.endDate).toBe(DateTime.fromISO(before.endDate, { zone: ZONE }).plus({ days: 1 }).toUTC().toISO());
    for (const view of ['Week', 'List']) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await settled(page, 'Calendar', `calendar-${view.toLowerCase()}`);
    }
    problems.expectNone();
  });

  it('meets a 412 when the campaign was changed meanwhile in another tab, and reloads it', async () => {
    const journey = await signedIn('eda', `campaigns/${campaignId}`);
    const { page, problems } = journey;
    await settled(page, campaign.name);
    await page.getByRole('button', { name: 'Edit campaign' }).click();
    await page.getByLabel('Name').fill(`${campaign.name} (first tab)`);

    // The other tab signs in silently (the provider's session), and saves first.
    const other = await journey.context.newPage();
    await other.goto(`${stack.consoleUrl}campaigns/${campaignId}`);
    await other.getByRole('button', { name: 'Edit campaign' }).click();
    await other.getByLabel('Description').fill('Changed in the other tab');
    await other.getByRole('button', { name: 'Save changes' }).click();
    await other.getByText('Campaign saved.').waitFor();

    await page.getByRole('button', { name: 'Save changes' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This campaign was changed meanwhile' });
    await alert.waitFor();
    await checkA11y(page, 'a 412 on the campaign page');
    await screenshot(page, 'campaign-conflict');
    await alert.getByRole('button', { name: 'Reload the current version' }).click();
    await page.getByLabel('Description').and(page.locator('textarea')).filter({ hasText: 'Changed in the other tab' }).waitFor();
    expect((await apiGet(`/v1/campaign-events/${campaignId}`)).body.name).toBe(campaign.name);
    problems.expectNone([/PATCH .*\/v1\/campaign-events\/.*: 412/, /status of 412 \(Precondition Failed\)/]);
  });

  it('starts an arithmetic job and sees its result', async () => {
    const { page, problems } = await signedIn('eda', 'jobs');
    await settled(page, 'Jobs', 'jobs');
    await page.getByRole('row', { name: /arithmetic/ }).getByRole('button', { name: /^Start/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'op' }).click();
    await page.getByRole('option', { name: 'multiply' }).click();
    await dialog.getByRole('textbox', { name: 'a', exact: true }).fill('6');
    await dialog.getByRole('textbox', { name: 'b', exact: true }).fill('7');
    await checkA11y(page, 'start a job');
    await screenshot(page, 'job-form');
    await dialog.getByRole('button', { name: 'Start job' }).click();
    await page.waitForURL(/\/console\/jobs\/[0-9a-f-]{36}$/);
    await page.getByLabel('Job status').getByText(/succeeded/i).waitFor();
    await expect(page.getByLabel('Job result').textContent()).resolves.toContain('42');
    await settled(page, /Job/, 'job');
    await page.getByRole('link', { name: 'Job schedules' }).click();
    await settled(page, 'Job schedules', 'schedules');
    problems.expectNone();
  });

  it('renews the access token silently before it expires, and goes on working with the new one', async () => {
    const { page, problems } = await signedIn('eda', 'calendar');
    const tokens = new Set<string>();
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (authorization && request.url().includes('/v1/')) tokens.add(authorization);
    });
    await settled(page, 'Calendar');
    // Tokens live TOKEN_TTL_S; oidc-client-ts renews 60 s before expiry, with the refresh token.
    await page.waitForTimeout((TOKEN_TTL_S - 60 + 5) * 1000);
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await settled(page, 'Jobs');
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    expect(page.url()).toContain('/console/jobs');
    problems.expectNone();
  });

  it('a viewer sees no edit controls, on a desktop and on a 768-wide tablet', async () => {
    const { page, problems } = await signedIn('vic', 'calendar', { viewport: { width: 768, height: 1024 } });
    await settled(page, 'Calendar', 'calendar-tablet');
    expect(await page.getByRole('button', { name: 'New campaign' }).count()).toBe(0);
    await page.goto(`${stack.consoleUrl}campaigns/${campaignId}`);
    await settled(page, new RegExp(campaign.name.replace(/[()]/g, '\\$&')));
    for (const name of ['Edit campaign', 'Delete campaign', 'Add event', 'Edit']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    await page.goto(`${stack.consoleUrl}jobs`);
    await settled(page, 'Jobs');
    expect(await page.getByRole('button', { name: /^Start/ }).count()).toBe(0);
    problems.expectNone();
  });

  it('is usable by keyboard: the navigation and the new-campaign dialog', async () => {
    const { page, problems } = await signedIn('eda', 'calendar');
    await settled(page, 'Calendar');
    const reached: string[] = [];
    for (let step = 0; step < 40 && !reached.includes('New campaign'); step++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate('document.activeElement?.textContent?.trim() ?? ""'));
    }
    expect(reached).toEqual(expect.arrayContaining(['Calendar', 'Jobs', 'New campaign']));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await dialog.waitFor();
    await page.keyboard.type('Typed by keyboard');
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Typed by keyboard');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    problems.expectNone();
  });

  it('an admin issues an API key (shown once) and revokes it, and reads the audit trail', async () => {
    const { page, problems } = await signedIn('ada', 'admin/api-keys');
    await settled(page, 'API keys');
    await page.getByLabel('Key name').fill('kiosk');
    await page.getByRole('button', { name: 'Issue API key' }).click();
    const issued = page.getByLabel('New API key');
    await issued.waitFor();
    const key = await issued.inputValue();
    expect(key).toMatch(/^cpk_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'api-key-issued');
    expect((await stack.product.request('GET', '/v1/campaign-events/live', { headers: { 'x-api-key': key } })).status).toBe(200);
    await page.keyboard.press('Escape');
    await page.getByRole('row', { name: /kiosk/ }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('row', { name: /kiosk/ }).getByText('Revoked').waitFor();
    await settled(page, 'API keys', 'api-keys');
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await settled(page, 'Audit trail', 'audit');
    await page.getByRole('table').getByText(/api-key/i).first().waitFor();
    problems.expectNone();
  });

  it('an operator sees tenants and every tenant\'s jobs, and retries a dead letter', async () => {
    const deadLetter = await insertDeadLetter(stack.product, { schema: 'identity', tenant, lastFailedAt: new Date().toISOString() });
    const { page, problems } = await signedIn('otto');
    await settled(page, 'Tenants', 'ops-tenants');
    await page.getByRole('cell', { name: tenant }).first().waitFor();
    await page.getByRole('link', { name: 'Jobs of every tenant' }).click();
    await settled(page, /jobs/i, 'ops-jobs');
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await settled(page, 'Dead letters', 'ops-dead-letters');
    const row = page.getByRole('row', { name: /campaign\.updated/ }).first();
    await row.getByRole('button', { name: 'Inspect' }).click();
    await page.getByRole('dialog').getByText('boom').first().waitFor();
    await checkA11y(page, 'a dead letter inspected');
    await screenshot(page, 'ops-dead-letter');
    await page.keyboard.press('Escape');
    await row.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/^No dead letters/).waitFor();
    expect((await stack.product.request('GET', '/v1/admin/dead-letters', { headers: opsHeaders })).body.items.map((item: { id: string }) => item.id)).not.toContain(deadLetter);
    problems.expectNone();
  });
});
