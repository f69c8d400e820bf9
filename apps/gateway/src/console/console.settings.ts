import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayConfig } from '../gateway.config.js';

/** What the console reads at start (`GET /console/config.json`) before it signs anyone in. */
export interface ConsoleClientConfig {
  /** Where staff sign in (oidc-client-ts's settings); null: no identity provider configured. */
  oidc: { authority: string; clientId: string; scope: string } | null;
  /** Whether POST /console/dev-token may be used (development without an identity provider). */
  devSignIn: boolean;
  /** Where the queue dashboard is, for operators; null: no link. */
  queueDashboardUrl: string | null;
}

/** Options the composition root knows and the gateway's configuration cannot: what else runs in this process. */
export interface ConsoleOptions {
  /** The queue dashboard's path when this process serves it too (the monolith with QUEUE_DASHBOARD_PASSWORD). */
  queueDashboardPath?: string | null;
}

/**
 * The console's Content-Security-Policy, stricter than the API's (which lets Swagger UI at /docs
 * run inline script): scripts only from this origin. Styles may be inline because Mantine and
 * FullCalendar insert <style> elements at run time; an inline style cannot run script.
 * `connect-src` and `form-action` add the OIDC issuer (token, userinfo and end-session calls);
 * `frame-src` allows the issuer and this origin, because oidc-client-ts's silent renew runs in a
 * hidden iframe that goes to the issuer and comes back to /console/silent-renew.html. Fonts may
 * be `data:` URIs: FullCalendar's arrow icons are a font inlined in its stylesheet.
 * `frame-ancestors 'self'`, not 'none': silent-renew.html is framed by the console itself
 * (another origin still cannot frame it).
 * No `upgrade-insecure-requests`: it would break the console on http://127.0.0.1 in development.
 */
export function consoleCsp(issuerOrigin: string | null): string {
  const issuer = issuerOrigin ? ` ${issuerOrigin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${issuer}`,
    `frame-src ${issuerOrigin ? `'self' ${issuerOrigin}` : "'none'"}`,
    `form-action 'self'${issuer}`,
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The default console folder: `dist/console` of the project this file runs from, found by
 * walking up to the folder with package.json, so it is the same from the sources (tests),
 * from dist/apps/gateway/src/console/ (a build) and in the image (/app/dist/...).
 */
export function defaultConsoleDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console');
    if (dirname(dir) === dir) return resolve('dist', 'console');
  }
}

/** What the console's doors need, computed once at start from the configuration. */
export class ConsoleSettings {
  /** Absolute path of the built console. */
  readonly dir: string;
  readonly csp: string;
  readonly clientConfig: Readonly<ConsoleClientConfig>;

  constructor(config: GatewayConfig, options: ConsoleOptions = {}) {
    this.dir = config.CONSOLE_DIR ? resolve(config.CONSOLE_DIR) : defaultConsoleDir();
    this.csp = consoleCsp(config.consoleOidcOrigin);
    this.clientConfig = Object.freeze({
      oidc: config.CONSOLE_OIDC_ISSUER ? { authority: config.CONSOLE_OIDC_ISSUER, clientId: config.CONSOLE_OIDC_CLIENT_ID, scope: config.CONSOLE_OIDC_SCOPE } : null,
      devSignIn: config.devSignIn,
      queueDashboardUrl: config.CONSOLE_QUEUE_DASHBOARD_URL || options.queueDashboardPath || null,
    });
  }
}
