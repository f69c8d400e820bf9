import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { bearer, staffToken, uniqueSlug } from '../harness/auth.js';
import { checkA11y, Journey, launchBrowser, newJourney, screenshot } from '../harness/browser.js';
import { CONSOLE_PATHS, CONSOLE_SCOPE, ProductWithIdentityProvider, signInAtIdentityProvider, startProductWithIdentityProvider } from '../harness/identity-provider.js';
import { MODE } from '../harness/product.js';

/**
 * The test identity provider works with the product, in a real browser, before any console
 * exists: the authorization code flow with PKCE through the provider's login page, the code
 * exchanged from the console's origin (CORS), and the access token accepted by the product
 * (which verifies it against the provider's JWKS). The console's journeys reuse this setup.
 */
const tenant = uniqueSlug('idp');
const ACCOUNTS = {
  eda: { sub: 'eda-0001', roles: ['editor' as const], tenant, name: 'Eda Editor' },
  nomad: { sub: 'nomad-0001', roles: ['editor' as const], tenant: 'no-such-tenant-anywhere' },
  guarded: { sub: 'guarded-0001', roles: ['viewer' as const], tenant, password: 'correct horse' },
};

/** The product has no console yet: its callback URL answers 404 (console error and failed request). */
const CALLBACK_404 = /\/console\/callback\?/;
/** Nor its page, where sign-out returns. */
const CONSOLE_404 = /\/console\/(?=[:)\s]|$)/;
/** Chromium asks the product's origin for /favicon.ico, which it does not serve (the console's page will name its icon). */
const PRODUCT_FAVICON_404 = /404.*\/favicon\.ico/;

let stack: ProductWithIdentityProvider;
let browser: Browser;

beforeAll(async () => {
  stack = await startProductWithIdentityProvider({ accounts: ACCOUNTS, mode: MODE });
  browser = await launchBrowser();
  // Setup through the API as an operator, with a token of the provider's key (HS256 is off now).
  const ops = await stack.idp.signToken({ sub: 'ops@idp', roles: ['ops'] });
  const created = await stack.product.request('POST', '/v1/admin/tenants', { headers: bearer(ops), body: { slug: tenant, name: 'IdP mall', timezone: 'Europe/Istanbul' } });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  expect(stack?.idp.errors ?? []).toEqual([]);
});

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

/** An authorization request as the console makes it (code, PKCE S256, state, nonce). */
function authorizeRequest(extra: Record<string, string> = {}): { url: string; state: string; verifier: string; redirectUri: string } {
  const { idp, origin } = stack;
  const redirectUri = `${origin}${CONSOLE_PATHS.callback}`;
  const { verifier, challenge } = pkce();
  const state = randomBytes(16).toString('base64url');
  const url = new URL(idp.authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: idp.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: CONSOLE_SCOPE,
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return { url: url.toString(), state, verifier, redirectUri };
}

/**
 * A journey whose pages may call the loopback provider: the blank page below is fulfilled by
 * Playwright, so Chromium counts it as public, not loopback, and asks for Local Network Access
 * (a console page served by the product on loopback would not need it).
 */
function providerJourney(): Promise<Journey> {
  return newJourney(browser, { permissions: ['local-network-access'] });
}

/** Follows the browser back to the console's callback (which the product answers 404 for now) and reads it. */
async function callbackParams(page: Page, redirectUri: string): Promise<URLSearchParams> {
  // Playwright cannot route a request reached through a redirect: the URL is all the test needs.
  await page.waitForURL((url) => url.href.startsWith(`${redirectUri}?`));
  return new URL(page.url()).searchParams;
}

/** Logs `username` in through the provider's login page, as the console will; returns the tokens. */
async function signInInBrowser(username: string, password?: string, options: { journey?: Journey; screenshotName?: string } = {}): Promise<TokenAnswer> {
  const { idp, origin } = stack;
  const journey = options.journey ?? (await providerJourney());
  try {
    const { page, problems } = journey;
    const request = authorizeRequest();
    await page.goto(request.url);
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await checkA11y(page, 'identity provider login');
    if (options.screenshotName) await screenshot(page, options.screenshotName);
    await signInAtIdentityProvider(page, username, password);

    const callback = await callbackParams(page, request.redirectUri);
    expect(callback.get('state')).toBe(request.state);
    expect(callback.get('iss')).toBe(idp.issuer);
    const code = callback.get('code');
    expect(code).toBeTruthy();

    // The console's SPA reads the discovery document and exchanges the code itself, cross-origin
    // from the product's origin: from a blank page of that origin (the product's 404 page would
    // refuse it by its CSP).
    await page.route(`${origin}/console/__blank`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="en"><title>blank</title></html>' }));
    await page.goto(`${origin}/console/__blank`);
    const answer = await page
      .evaluate(
        async ({ discovery, tokenEndpoint, body }) => {
          const metadata = await (await fetch(discovery)).json();
          const res = await fetch(tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
          return { metadata, status: res.status, body: await res.json() };
        },
        {
          discovery: `${idp.issuer}/.well-known/openid-configuration`,
          tokenEndpoint: idp.tokenEndpoint,
          body: new URLSearchParams({ grant_type: 'authorization_code', client_id: idp.clientId, code: code!, redirect_uri: request.redirectUri, code_verifier: request.verifier }).toString(),
        },
      )
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${problems.all().join('\n')}`);
      });
    expect(answer.metadata).toMatchObject({ issuer: idp.issuer, token_endpoint: idp.tokenEndpoint, authorization_endpoint: idp.authorizationEndpoint, end_session_endpoint: idp.endSessionEndpoint, jwks_uri: idp.jwksUrl });
    expect(answer.status).toBe(200);
    problems.expectNone([CALLBACK_404, PRODUCT_FAVICON_404]);
    return answer.body as TokenAnswer;
  } finally {
    if (!options.journey) await journey.close();
  }
}

describe(`test identity provider with the product (${MODE} mode)`, () => {
  it('signs an editor in with code + PKCE; the product accepts the JWT access token, then a refreshed one', async () => {
    const tokens = await signInInBrowser('eda', 'any password', { screenshotName: 'identity-provider-login' });
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();

    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ iss: stack.idp.issuer, aud: stack.idp.audience, sub: 'eda-0001', roles: ['editor'], tenant, client_id: stack.idp.clientId });
    expect(decodeJwt(tokens.id_token!)).toMatchObject({ sub: 'eda-0001', name: 'Eda Editor', preferred_username: 'eda', roles: ['editor'], tenant });

    const list = await stack.product.get('/v1/campaign-events', bearer(tokens.access_token));
    expect(list.status).toBe(200);
    const write = await stack.product.request('POST', '/v1/campaign-events', {
      headers: bearer(tokens.access_token),
      body: { name: 'Signed in through the IdP', startDate: '2030-01-10T09:00:00Z', endDate: '2030-01-12T18:00:00Z' },
    });
    expect(write.status).toBe(201);

    // Refresh: a new access token the product accepts; the used refresh token is rotated out.
    const refresh = (refreshToken: string) =>
      fetch(stack.idp.tokenEndpoint, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: stack.idp.clientId, refresh_token: refreshToken }) });
    const refreshed = await refresh(tokens.refresh_token!);
    expect(refreshed.status).toBe(200);
    const renewed = (await refreshed.json()) as TokenAnswer;
    expect(renewed.access_token).not.toBe(tokens.access_token);
    expect(decodeJwt(renewed.access_token)).toMatchObject({ aud: stack.idp.audience, roles: ['editor'], tenant });
    expect((await stack.product.get('/v1/campaign-events', bearer(renewed.access_token))).status).toBe(200);
    expect((await refresh(tokens.refresh_token!)).status).toBe(400);
  });

  it('refuses a wrong password at the provider, then signs in with the right one', async () => {
    const journey = await newJourney(browser);
    try {
      const { page } = journey;
      const { challenge } = pkce();
      const authorize = new URL(stack.idp.authorizationEndpoint);
      authorize.search = new URLSearchParams({
        client_id: stack.idp.clientId,
        response_type: 'code',
        redirect_uri: `${stack.origin}${CONSOLE_PATHS.callback}`,
        scope: CONSOLE_SCOPE,
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      await page.goto(authorize.toString());
      await signInAtIdentityProvider(page, 'guarded', 'wrong');
      await expect(page.getByRole('alert').textContent()).resolves.toBe('Unknown username or wrong password.');
      await checkA11y(page, 'identity provider login error');
      journey.problems.expectNone();
    } finally {
      await journey.close();
    }
    const tokens = await signInInBrowser('guarded', 'correct horse');
    expect((await stack.product.get('/v1/campaign-events', bearer(tokens.access_token))).status).toBe(200);
  });

  it('a token naming a tenant that does not exist is 401; so is an HS256 token, which JWKS mode no longer accepts', async () => {
    const tokens = await signInInBrowser('nomad');
    expect(decodeJwt(tokens.access_token)).toMatchObject({ tenant: 'no-such-tenant-anywhere' });
    expect((await stack.product.get('/v1/campaign-events', bearer(tokens.access_token))).status).toBe(401);
    expect((await stack.product.get('/v1/campaign-events', bearer(await stack.idp.signToken({ roles: ['editor'], tenant: 'another-missing-one' })))).status).toBe(401);
    expect((await stack.product.get('/v1/campaign-events', bearer(await staffToken({ tenant, roles: ['editor'] })))).status).toBe(401);
    expect((await stack.product.get('/v1/campaign-events', bearer(await stack.idp.signToken({ roles: ['editor'], tenant, audience: 'someone-else' })))).status).toBe(401);
    expect((await stack.product.get('/v1/campaign-events', bearer(await stack.idp.signToken({ roles: ['editor'], tenant })))).status).toBe(200);
  });

  it('the provider session signs in again without its form (prompt=none, as silent renewal does); sign-out ends it', async () => {
    const journey = await providerJourney();
    try {
      const { page, problems } = journey;
      const { id_token: idToken } = await signInInBrowser('eda', 'pw', { journey });

      const again = authorizeRequest({ prompt: 'none' });
      await page.goto(again.url);
      const renewed = await callbackParams(page, again.redirectUri);
      expect(renewed.get('error')).toBeNull();
      expect(renewed.get('code')).toBeTruthy();

      const afterLogout = `${stack.origin}${CONSOLE_PATHS.afterLogout}`;
      const endSession = new URL(stack.idp.endSessionEndpoint);
      endSession.search = new URLSearchParams({ id_token_hint: idToken!, post_logout_redirect_uri: afterLogout, client_id: stack.idp.clientId }).toString();
      await page.goto(endSession.toString());
      await page.waitForURL(afterLogout);

      const afterSignOut = authorizeRequest({ prompt: 'none' });
      await page.goto(afterSignOut.url);
      expect((await callbackParams(page, afterSignOut.redirectUri)).get('error')).toBe('login_required');
      problems.expectNone([CALLBACK_404, PRODUCT_FAVICON_404, CONSOLE_404]);
    } finally {
      await journey.close();
    }
  });
});
