import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { IntSetting, PlatformConfig, SIGNING_KEY_RULES, weakSecretProblem } from '#common';

/**
 * The development JWT secret: written in docs/auth.md on purpose, so every process of a local
 * deployment (monolith, or gateway replicas in split mode) and `npm run demo` agree on it with
 * no setup. A production start with it refuses to run (see crossCheck).
 */
export const DEVELOPMENT_JWT_SECRET = 'campaigns-platform-development-secret-do-not-use-in-production';

const ORIGIN_LIST = /^(|\*|https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*)$/;

/** An absolute http(s) URL without credentials, query or fragment (an OIDC issuer). */
const ISSUER_URL = /^(https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?)?$/;
/** OAuth 2 scope tokens (RFC 6749, 3.3) separated by single spaces, `openid` among them. */
const OIDC_SCOPE = /^(?=(.* )?openid( |$))[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

/** The gateway's configuration (split mode reads it; the monolith reads it too). */
export class GatewayConfig extends PlatformConfig {
  override PORT: number = 3000;
  override SERVICE_NAME: string = 'gateway';

  /** HS256 secret of staff tokens. Development: the fixed development secret, with a warning. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET: string = DEVELOPMENT_JWT_SECRET;

  /** When set, a token's `iss` must equal it. */
  @IsOptional()
  @IsString()
  JWT_ISSUER: string = '';

  /** When set, a token's `aud` must contain it. */
  @IsOptional()
  @IsString()
  JWT_AUDIENCE: string = '';

  /**
   * When set, staff tokens are verified against this identity provider's JSON Web Key Set
   * (RS256, PS256, ES256, EdDSA) instead of JWT_SECRET. Unset: HS256 with JWT_SECRET only.
   */
  @IsOptional()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'must be an http(s) URL' })
  JWT_JWKS_URL: string = '';

  /** Allowed clock skew when checking `exp` / `nbf`, in seconds. */
  @IntSetting({ min: 0, max: 300, unit: 'seconds' })
  JWT_CLOCK_TOLERANCE_S: number = 5;

  @IsIn(['on', 'off'], { message: 'must be on or off' })
  RATE_LIMIT: string = 'on';

  /** Per API key: sustained requests per second and burst (bucket size). */
  @IntSetting({ min: 1 })
  RATE_LIMIT_API_KEY_PER_S: number = 2000;

  @IntSetting({ min: 1 })
  RATE_LIMIT_API_KEY_BURST: number = 4000;

  /** Per staff user (tenant + sub, or ops sub). */
  @IntSetting({ min: 1 })
  RATE_LIMIT_STAFF_PER_S: number = 100;

  @IntSetting({ min: 1 })
  RATE_LIMIT_STAFF_BURST: number = 500;

  /** Per client address, for calls without valid credentials. */
  @IntSetting({ min: 1 })
  RATE_LIMIT_ANONYMOUS_PER_S: number = 20;

  @IntSetting({ min: 1 })
  RATE_LIMIT_ANONYMOUS_BURST: number = 100;

  /** How often local buckets exchange their counts with Redis, in ms (never on the request path). */
  @IntSetting({ min: 50, max: 5000, unit: 'milliseconds' })
  RATE_LIMIT_SYNC_MS: number = 200;

  /**
   * Browser origins allowed by CORS: `*`, or a comma-separated list of `http(s)://host[:port]`.
   * Unset: any origin in development, none (no CORS headers) in test and production.
   */
  @IsOptional()
  @Matches(ORIGIN_LIST, { message: 'must be * or a comma-separated list of http(s) origins' })
  CORS_ORIGINS: string = '';

  /** How long audit entries are kept, in days. */
  @IntSetting({ min: 1, unit: 'days' })
  AUDIT_RETENTION_DAYS: number = 90;

  /** How long refused writes (401, 403, 429, ...) are counted together before one audit entry per actor, action and status is written, in ms. */
  @IntSetting({ min: 100, max: 600_000, unit: 'milliseconds' })
  AUDIT_REFUSAL_WINDOW_MS: number = 10_000;

  /** How long an API key or tenant read from PostgreSQL is trusted before it is checked again, in ms. */
  @IntSetting({ min: 100, max: 2000, unit: 'milliseconds' })
  IDENTITY_CACHE_TTL_MS: number = 1000;

  /** Read cache (campaigns and events): entries kept in each gateway process (LRU). */
  @IntSetting({ min: 1, max: 1_000_000 })
  CACHE_MAX_ENTRIES: number = 10_000;

  /** Read cache: the longest an entry lives, in ms (it also ends at the tenant's next start or end, and at any write). */
  @IsInt({ message: 'must be an integer number of milliseconds from 0 to 3600000 (0: no read cache)' })
  @Min(0)
  @Max(3_600_000)
  CACHE_MAX_TTL_MS: number = 30_000;

  /** The cap of `max-age` on read answers, in seconds (it also ends at the tenant's next start or end). */
  @IntSetting({ min: 0, max: 86_400, unit: 'seconds' })
  CACHE_HTTP_MAX_AGE_S: number = 5;

  /** With the campaigns service or PostgreSQL unavailable, how long past its expiry a cached answer may still be served (marked stale), in ms; 0: never. */
  @IntSetting({ min: 0, max: 86_400_000, unit: 'milliseconds' })
  CACHE_STALE_IF_ERROR_MS: number = 300_000;

  /** Live streams (GET /v1/campaign-events/stream) this process holds at most; one more is refused (429 TOO_MANY_STREAMS). */
  @IntSetting({ min: 1, max: 1_000_000 })
  PUSH_MAX_STREAMS: number = 20_000;

  /** Live streams one API key (or one staff user) holds at most on this process. */
  @IntSetting({ min: 1, max: 1_000_000 })
  PUSH_MAX_STREAMS_PER_KEY: number = 10_000;

  /** How long the push log keeps messages for clients that resume with Last-Event-ID; older ids get `reset`. */
  @IntSetting({ min: 60, max: 7 * 86_400, unit: 'seconds' })
  PUSH_RETENTION_S: number = 21_600;

  /** Heartbeat comments on every live stream this often (proxies close idle connections). */
  @IntSetting({ min: 1, max: 300, unit: 'seconds' })
  PUSH_HEARTBEAT_S: number = 15;

  /** A live stream ends (with a reconnect hint) after about this long, so streams spread over new replicas. */
  @IntSetting({ min: 10, max: 86_400, unit: 'seconds' })
  PUSH_MAX_STREAM_S: number = 1800;

  /** The `retry:` of live streams: how long clients wait before reconnecting (spread ±50 %). */
  @IntSetting({ min: 100, max: 600_000, unit: 'milliseconds' })
  PUSH_RETRY_MS: number = 3000;

  /**
   * The staff console's built files (Vite's output: index.html and assets/). Unset: `dist/console`
   * of the checkout or image this process runs from (see console/console.settings.ts).
   */
  @IsString()
  CONSOLE_DIR: string = '';

  /** The OpenID Connect issuer staff sign in with from the console (https; http outside production). Unset: no OIDC sign-in. */
  @IsOptional()
  @Matches(ISSUER_URL, { message: 'must be an http(s) URL without credentials, query or fragment' })
  CONSOLE_OIDC_ISSUER: string = '';

  /** The console's client id at that issuer; set together with CONSOLE_OIDC_ISSUER. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{0,200}$/, { message: 'must be at most 200 printable ASCII characters without spaces' })
  CONSOLE_OIDC_CLIENT_ID: string = '';

  /** The scopes the console asks the issuer for. */
  @Matches(OIDC_SCOPE, { message: 'must be space-separated OAuth scopes including openid' })
  CONSOLE_OIDC_SCOPE: string = 'openid profile offline_access';

  /**
   * Where the console links to the queue dashboard: an http(s) URL or a path on this origin.
   * Unset: the monolith's own /admin/queues when QUEUE_DASHBOARD_PASSWORD is set, else no link.
   */
  @IsOptional()
  @Matches(/^(https?:\/\/\S+|\/(?![/\\])\S*)?$/, { message: 'must be an http(s) URL or a path starting with /' })
  CONSOLE_QUEUE_DASHBOARD_URL: string = '';

  override crossCheck(): string[] {
    const problems = super.crossCheck();
    if (Boolean(this.CONSOLE_OIDC_ISSUER) !== Boolean(this.CONSOLE_OIDC_CLIENT_ID)) {
      problems.push('CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID must be set together (or neither)');
    }
    if (this.CONSOLE_OIDC_ISSUER && !URL.canParse(this.CONSOLE_OIDC_ISSUER)) {
      problems.push(`CONSOLE_OIDC_ISSUER is not a valid URL (got ${JSON.stringify(this.CONSOLE_OIDC_ISSUER)})`);
    } else if (this.isProduction && this.CONSOLE_OIDC_ISSUER.startsWith('http:')) {
      problems.push('CONSOLE_OIDC_ISSUER must be an https URL when NODE_ENV=production');
    }
    if (this.isProduction && !this.JWT_JWKS_URL) {
      const problem = this.JWT_SECRET === DEVELOPMENT_JWT_SECRET
        ? 'JWT_SECRET must be set to a secret of your own when NODE_ENV=production'
        : weakSecretProblem('JWT_SECRET', this.JWT_SECRET, SIGNING_KEY_RULES);
      if (problem) problems.push(problem);
    }
    if (this.RATE_LIMIT_API_KEY_BURST < this.RATE_LIMIT_API_KEY_PER_S) problems.push('RATE_LIMIT_API_KEY_BURST must not be below RATE_LIMIT_API_KEY_PER_S');
    if (this.RATE_LIMIT_STAFF_BURST < this.RATE_LIMIT_STAFF_PER_S) problems.push('RATE_LIMIT_STAFF_BURST must not be below RATE_LIMIT_STAFF_PER_S');
    if (this.RATE_LIMIT_ANONYMOUS_BURST < this.RATE_LIMIT_ANONYMOUS_PER_S) problems.push('RATE_LIMIT_ANONYMOUS_BURST must not be below RATE_LIMIT_ANONYMOUS_PER_S');
    return problems;
  }

  /**
   * The console's development sign-in (POST /console/dev-token): development only, and only
   * while tokens are checked with the published development secret. Not with a JWT_SECRET of
   * one's own (NODE_ENV defaults to development: a forgotten NODE_ENV would let anyone who
   * reaches the process mint real tokens), nor with an identity provider's keys (JWT_JWKS_URL).
   */
  get devSignIn(): boolean {
    return this.isDevelopment && !this.JWT_JWKS_URL && this.usesDevelopmentSecret;
  }

  /** The origin of the console's OIDC issuer (its CSP allows it), or null without OIDC. */
  get consoleOidcOrigin(): string | null {
    return this.CONSOLE_OIDC_ISSUER ? new URL(this.CONSOLE_OIDC_ISSUER).origin : null;
  }

  get usesDevelopmentSecret(): boolean {
    return this.JWT_SECRET === DEVELOPMENT_JWT_SECRET;
  }

  /** The CORS origins in force: `true` for any, a list, or `false` for no CORS at all. */
  get corsOrigins(): true | string[] | false {
    const raw = this.CORS_ORIGINS.trim();
    if (!raw) return this.isDevelopment ? true : false;
    if (raw === '*') return true;
    return raw.split(',').map((o) => o.trim()).filter(Boolean);
  }
}
