import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Provider as OidcProvider } from 'oidc-provider';
import type { StaffRole } from './auth.js';
import { Mode, MODE, Product } from './product.js';

/**
 * A real OpenID Connect provider (oidc-provider 9) on a loopback port, for browser tests of the
 * staff console: the product verifies its tokens through JWT_JWKS_URL exactly as it would a
 * production identity provider's.
 *
 * - One public client (`token_endpoint_auth_method: none`, PKCE S256 required, authorization code
 *   and refresh tokens; a refresh token is issued with every code exchange, rotated at each use).
 * - Access tokens are JWTs (RFC 9068, `typ: at+jwt`) signed RS256 with the key published at
 *   `jwksUrl`, with `iss` = `issuer`, `aud` = `audience`, and the account's `roles` and `tenant`.
 * - Login is a small form of its own (labels "Username", "Password", button "Sign in"); consent is
 *   automatic for the client (a first-party console).
 *
 * The product must be started with the IdP's variables (`productEnv()`), and the console's
 * redirect URIs exist only once the product listens: so start the IdP, then the product, then
 * `registerClient(...)` (or use `startProductWithIdentityProvider`, which does all three).
 */
export interface IdpAccount {
  sub: string;
  roles: StaffRole[];
  /** The tenant's slug; absent or null for operators. */
  tenant?: string | null;
  /** When set, the login form requires it; otherwise any non-empty password is accepted. */
  password?: string;
  /** Display name (id token `name`); defaults to the username. */
  name?: string;
}

export interface IdentityProviderOptions {
  /** Username → account. The username is what a person types in the login form. */
  accounts: Record<string, IdpAccount>;
  /** The `aud` of access tokens, which the product must expect (JWT_AUDIENCE): an absolute URI (it is the resource indicator). Default `urn:campaigns-platform:api`. */
  audience?: string;
  clientId?: string;
  /** Lifetime of access tokens, in seconds (a short one exercises silent renewal). Default 600. */
  accessTokenTtlS?: number;
  /** The client's redirect URIs, when already known (otherwise `registerClient`). */
  client?: ClientRegistration;
}

export interface ClientRegistration {
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Browser origins allowed by CORS on the token and userinfo endpoints. Default: the redirect URIs' origins. */
  corsOrigins?: string[];
}

/** The scope the console should request: an id token, a refresh token, and the API's resource scope. */
export const CONSOLE_SCOPE = 'openid profile offline_access api';
const RESOURCE_SCOPE = 'api';
const SIGNING_ALG = 'RS256';

export class IdentityProvider {
  readonly jwksUrl: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** RP-initiated logout (`id_token_hint`, `post_logout_redirect_uri`): signs out at once, no confirmation page. */
  readonly endSessionEndpoint: string;
  private provider: OidcProvider | undefined;
  private handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  private readonly cookieKeys = [randomBytes(32).toString('base64url')];
  /** The provider's own failures (`server_error`, a failed login page): a test may assert none. */
  readonly errors: string[] = [];
  /** Requests it refused (`invalid_grant`, `invalid_target`, …): what to read when a flow fails. */
  readonly refusals: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    readonly audience: string,
    readonly clientId: string,
    private readonly accounts: Record<string, IdpAccount>,
    private readonly accessTokenTtlS: number,
    private readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'],
    private readonly privateJwk: Record<string, unknown>,
  ) {
    this.jwksUrl = `${issuer}/jwks`;
    this.authorizationEndpoint = `${issuer}/auth`;
    this.tokenEndpoint = `${issuer}/token`;
    this.endSessionEndpoint = `${issuer}/session/end`;
  }

  static async start(options: IdentityProviderOptions): Promise<IdentityProvider> {
    const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = randomBytes(8).toString('hex');
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG, use: 'sig' };

    let idp: IdentityProvider | undefined;
    const server = createServer((req, res) => idp!.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    idp = new IdentityProvider(
      server,
      `http://127.0.0.1:${port}`,
      options.audience ?? 'urn:campaigns-platform:api',
      options.clientId ?? 'staff-console',
      options.accounts,
      options.accessTokenTtlS ?? 600,
      privateKey,
      privateJwk,
    );
    await idp.registerClient(options.client ?? { redirectUris: [] });
    return idp;
  }

  /** What the product needs to trust this provider (and to tell the console where it is). */
  productEnv(): Record<string, string> {
    return {
      JWT_JWKS_URL: this.jwksUrl,
      JWT_ISSUER: this.issuer,
      JWT_AUDIENCE: this.audience,
      CONSOLE_OIDC_ISSUER: this.issuer,
      CONSOLE_OIDC_CLIENT_ID: this.clientId,
    };
  }

  /**
   * Sets the client's redirect URIs (and CORS origins). Rebuilds the provider with the same
   * signing key, so tokens already issued stay valid; sessions and codes of the previous
   * configuration are not kept, so call it before any login.
   */
  async registerClient(client: ClientRegistration): Promise<void> {
    const { Provider, errors } = await quietly(() => import('oidc-provider'));
    const origins = new Set(client.corsOrigins ?? client.redirectUris.map((uri) => new URL(uri).origin));
    const invalidTarget = () => new errors.InvalidTarget!();
    const provider = quietlySync(() => new Provider(this.issuer, this.configuration(client, origins, invalidTarget)));
    provider.on('server_error', (_ctx: unknown, error: Error) => this.errors.push(`server_error: ${error.stack ?? error.message}`));
    for (const event of ['authorization.error', 'grant.error', 'end_session.error', 'userinfo.error']) {
      provider.on(event, (_ctx: unknown, error: Error) => this.refusals.push(`${event}: ${error.message}${describeError(error)}`));
    }
    this.provider = provider;
    this.handler = provider.callback();
  }

  /** A token signed with the provider's own key, as the provider would issue it (API setup, e.g. as ops). */
  signToken(claims: { sub?: string; roles: StaffRole[]; tenant?: string | null; expiresInS?: number; audience?: string }): Promise<string> {
    const { sub = `${claims.roles.join('+')}@${claims.tenant ?? 'ops'}`, roles, tenant, expiresInS = 600, audience = this.audience } = claims;
    return new SignJWT({ roles, ...(tenant ? { tenant } : {}), client_id: this.clientId, scope: RESOURCE_SCOPE })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: this.privateJwk.kid as string, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(sub)
      .setIssuedAt()
      .setJti(randomBytes(12).toString('base64url'))
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInS)
      .sign(this.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', this.issuer).pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=3600' }).end();
      return;
    }
    const interaction = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(path);
    if (interaction) {
      this.interaction(req, res, interaction[2] !== undefined).catch((error: Error) => {
        this.errors.push(`interaction: ${error.stack ?? error.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`interaction failed: ${error.message}`);
      });
      return;
    }
    this.handler!(req, res);
  }

  /** GET /interaction/:uid shows the login form; POST /interaction/:uid/login checks it. */
  private async interaction(req: IncomingMessage, res: ServerResponse, submitted: boolean): Promise<void> {
    const provider = this.provider!;
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login') {
      // Consent is granted by loadExistingGrant; any other prompt is not something tests expect.
      throw new Error(`unexpected interaction prompt ${details.prompt.name}`);
    }
    if (!submitted || req.method !== 'POST') {
      sendHtml(res, 200, loginPage(details.uid, typeof details.params.login_hint === 'string' ? details.params.login_hint : ''));
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    const account = Object.hasOwn(this.accounts, username) ? this.accounts[username] : undefined;
    if (!account || password === '' || (account.password !== undefined && account.password !== password)) {
      sendHtml(res, 200, loginPage(details.uid, username, 'Unknown username or wrong password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.sub, remember: false } }, { mergeWithLastSubmission: false });
  }

  private accountBySub(sub: string): [string, IdpAccount] | undefined {
    return Object.entries(this.accounts).find(([, account]) => account.sub === sub);
  }

  private configuration(client: ClientRegistration, corsOrigins: Set<string>, invalidTarget: () => Error): Record<string, unknown> {
    const audience = this.audience;
    const clientId = this.clientId;
    return {
      // No client until its redirect URIs are known (oidc-provider refuses a code client without any).
      clients: client.redirectUris.length === 0 ? [] : [
        {
          client_id: clientId,
          client_name: 'Staff console (tests)',
          application_type: 'web',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: client.redirectUris,
          post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
        },
      ],
      jwks: { keys: [this.privateJwk] },
      cookies: { keys: this.cookieKeys },
      pkce: { required: () => true },
      scopes: ['openid', 'offline_access', 'profile'],
      claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'tenant'] },
      ttl: { AccessToken: this.accessTokenTtlS, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 86_400, Grant: 86_400, Session: 86_400, Interaction: 3600 },
      clientBasedCORS: (_ctx: unknown, origin: string) => corsOrigins.has(origin),
      findAccount: async (_ctx: unknown, sub: string) => {
        const found = this.accountBySub(sub);
        if (!found) return undefined;
        const [username, account] = found;
        return {
          accountId: sub,
          claims: async () => ({ sub, name: account.name ?? username, preferred_username: username, roles: account.roles, ...(account.tenant ? { tenant: account.tenant } : {}) }),
        };
      },
      // A first-party console: consent is granted without asking, for every scope it may request.
      loadExistingGrant: async (ctx: any) => {
        const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
        if (grantId) {
          const existing = await ctx.oidc.provider.Grant.find(grantId);
          if (existing) return existing;
        }
        const grant = new ctx.oidc.provider.Grant({ accountId: ctx.oidc.session.accountId, clientId: ctx.oidc.client.clientId });
        grant.addOIDCScope('openid offline_access profile');
        grant.addResourceScope(audience, RESOURCE_SCOPE);
        await grant.save();
        return grant;
      },
      // A refresh token with every code exchange (not only when prompt=consent kept offline_access).
      issueRefreshToken: async (_ctx: unknown, oidcClient: any) => oidcClient.grantTypeAllowed('refresh_token'),
      extraTokenClaims: async (_ctx: unknown, token: any) => {
        if (token.kind !== 'AccessToken') return undefined;
        const account = this.accountBySub(token.accountId)?.[1];
        return account ? { roles: account.roles, ...(account.tenant ? { tenant: account.tenant } : {}) } : undefined;
      },
      features: {
        devInteractions: { enabled: false },
        revocation: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: async () => audience,
          useGrantedResource: async () => true,
          getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
            if (indicator !== audience) throw invalidTarget();
            return { scope: RESOURCE_SCOPE, audience, accessTokenTTL: this.accessTokenTtlS, accessTokenFormat: 'jwt', jwt: { sign: { alg: SIGNING_ALG } } };
          },
        },
        rpInitiatedLogout: {
          enabled: true,
          // Signs out at once (no confirmation page), and loads nothing from outside.
          logoutSource: async (ctx: any, form: string) => {
            ctx.type = 'html';
            ctx.body = page('Signing out', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button><script>document.getElementById('op.logoutForm').requestSubmit(document.querySelector('button[name=logout]'))</script>`);
          },
          postLogoutSuccessSource: async (ctx: any) => {
            ctx.type = 'html';
            ctx.body = page('Signed out', '<h1>Signed out</h1>');
          },
        },
      },
      renderError: async (ctx: any, out: Record<string, string>) => {
        ctx.type = 'html';
        ctx.body = page('Sign-in error', `<h1>Sign-in error</h1>${Object.entries(out).map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</p>`).join('')}`);
      },
    };
  }
}

/** Fills the identity provider's login form (the page the browser is on) and submits it. */
export async function signInAtIdentityProvider(page: import('playwright-core').Page, username: string, password = 'password'): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function loginPage(uid: string, username: string, error?: string): string {
  return page(
    'Sign in',
    `<main>
  <h1>Sign in</h1>
  ${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
  <form method="post" action="/interaction/${escapeHtml(uid)}/login">
    <p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}"></p>
    <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
    <p><button type="submit">Sign in</button></p>
  </form>
</main>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · test identity provider</title></head><body>${body}</body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function describeError(error: Error & { error_description?: string }): string {
  return error.error_description ? ` (${error.error_description})` : '';
}

/**
 * oidc-provider warns on import (Node 20 is older than the LTS it is tested on) and about its
 * development defaults; tests see those only with IDP_DEBUG=1.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const restore = muteOidcWarnings();
  try {
    return await fn();
  } finally {
    restore();
  }
}

function quietlySync<T>(fn: () => T): T {
  const restore = muteOidcWarnings();
  try {
    return fn();
  } finally {
    restore();
  }
}

function muteOidcWarnings(): () => void {
  if (process.env.IDP_DEBUG) return () => undefined;
  const { warn, info } = console;
  const filter = (original: (...args: unknown[]) => void) => (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
    original.apply(console, args);
  };
  console.warn = filter(warn);
  console.info = filter(info);
  return () => {
    console.warn = warn;
    console.info = info;
  };
}

/** Where the console (served by the product at /console) takes the provider's answers. */
export const CONSOLE_PATHS = { callback: '/console/callback', silentRenew: '/console/silent-renew.html', afterLogout: '/console/' };

export interface ProductWithIdentityProvider {
  idp: IdentityProvider;
  product: Product;
  /** The product's origin as the browser must use it (`http://127.0.0.1:<port>`, the provider's host). */
  origin: string;
  /** `${origin}/console/`. */
  consoleUrl: string;
  stop(): Promise<void>;
}

/**
 * The stack a console journey needs: the identity provider, the product trusting it (in the
 * given runtime), and the console registered as the provider's client with the product's
 * redirect URIs. `env` adds product variables.
 */
export async function startProductWithIdentityProvider(
  options: Omit<IdentityProviderOptions, 'client'> & { mode?: Mode; env?: Record<string, string> },
): Promise<ProductWithIdentityProvider> {
  const { mode = MODE, env = {}, ...idpOptions } = options;
  const idp = await IdentityProvider.start(idpOptions);
  let product: Product;
  try {
    product = await Product.start({ ...idp.productEnv(), ...env }, mode);
  } catch (error) {
    await idp.stop();
    throw error;
  }
  // The product reports `localhost`; the browser uses the provider's host, so that console and
  // provider are the same site (the provider's SameSite=Lax session cookie then reaches its
  // silent-renew iframe) and the registered redirect URIs match what the browser sends.
  const origin = sameHostAs(idp.issuer, product.url);
  await idp.registerClient({
    redirectUris: [`${origin}${CONSOLE_PATHS.callback}`, `${origin}${CONSOLE_PATHS.silentRenew}`],
    postLogoutRedirectUris: [`${origin}${CONSOLE_PATHS.afterLogout}`],
  });
  return {
    idp,
    product,
    origin,
    consoleUrl: `${origin}/console/`,
    stop: async () => {
      try {
        await product.stop();
      } finally {
        await idp.stop();
      }
    },
  };
}

function sameHostAs(reference: string, url: string): string {
  const target = new URL(url);
  target.hostname = new URL(reference).hostname;
  return target.origin;
}
