import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, JWTVerifyGetKey, JWTVerifyOptions, SignJWT } from 'jose';
import { UnauthenticatedError } from '#common';
import { GatewayConfig } from '../gateway.config.js';
import { isSlug } from '../identity/domain/tenant.js';
import { isRole, Role } from './roles.js';

/** What a verified staff token says. */
export interface StaffClaims {
  sub: string;
  roles: Role[];
  /** The tenant's slug; null for operators. */
  tenant: string | null;
  /** When the token expires (epoch ms, from `exp`): a live stream opened with it ends then. */
  expiresAt?: number;
}

/**
 * Verifies a staff token and reads its claims, or throws UnauthenticatedError. The guard only
 * knows this interface: the HS256 shared secret today, an identity provider's JWKS when
 * JWT_JWKS_URL is set (a configuration change, no code change).
 */
export interface TokenVerifier {
  verify(token: string): Promise<StaffClaims>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** A compact JWS is three base64url parts; anything else is refused before any crypto. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 8192;

abstract class JoseTokenVerifier implements TokenVerifier {
  protected constructor(
    private readonly key: Uint8Array | JWTVerifyGetKey,
    private readonly options: JWTVerifyOptions,
  ) {}

  async verify(token: string): Promise<StaffClaims> {
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw new UnauthenticatedError('The bearer token is not a JWT.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, this.options));
    } catch (error) {
      throw new UnauthenticatedError(reason(error));
    }
    return readClaims(payload);
  }
}

/** HS256 with the shared secret, and nothing else: `alg` is pinned, so `none` or RS/HS confusion cannot pass. */
export class Hs256TokenVerifier extends JoseTokenVerifier {
  constructor(secret: string, claims: { issuer?: string; audience?: string; clockToleranceS?: number } = {}) {
    super(new TextEncoder().encode(secret), { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'], ...verifyOptions(claims) });
  }
}

/** Asymmetric tokens signed by an identity provider whose public keys are at a JWKS URL. */
export class JwksTokenVerifier extends JoseTokenVerifier {
  constructor(jwksUrl: string, claims: { issuer?: string; audience?: string; clockToleranceS?: number } = {}) {
    super(createRemoteJWKSet(new URL(jwksUrl)), {
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      requiredClaims: ['exp', 'sub'],
      ...verifyOptions(claims),
    });
  }
}

/** The `iss` and `aud` staff tokens must carry (when JWT_ISSUER / JWT_AUDIENCE are set): checked here, signed so by the demo and the dev sign-in. */
export function tokenClaimsOf(config: GatewayConfig): { issuer?: string; audience?: string } {
  return { issuer: config.JWT_ISSUER || undefined, audience: config.JWT_AUDIENCE || undefined };
}

export function createTokenVerifier(config: GatewayConfig): TokenVerifier {
  const claims = { ...tokenClaimsOf(config), clockToleranceS: config.JWT_CLOCK_TOLERANCE_S };
  return config.JWT_JWKS_URL ? new JwksTokenVerifier(config.JWT_JWKS_URL, claims) : new Hs256TokenVerifier(config.JWT_SECRET, claims);
}

/** Signs an HS256 staff token (the demo script, the console's development sign-in and tests; production tokens come from the staff login). */
export async function signStaffToken(
  secret: string,
  claims: { sub: string; roles: Role[]; tenant?: string | null },
  options: { expiresInS?: number; issuer?: string; audience?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ roles: claims.roles, ...(claims.tenant ? { tenant: claims.tenant } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInS ?? 3600));
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

function verifyOptions({ issuer, audience, clockToleranceS }: { issuer?: string; audience?: string; clockToleranceS?: number }): JWTVerifyOptions {
  return { ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}), clockTolerance: clockToleranceS ?? 5 };
}

/** The claims the product relies on, checked beyond the signature. */
export function readClaims(payload: JWTPayload): StaffClaims {
  const { sub, roles, tenant, exp } = payload as JWTPayload & { roles?: unknown; tenant?: unknown };
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) throw new UnauthenticatedError('The token has no valid sub claim.');
  if (!Array.isArray(roles)) throw new UnauthenticatedError('The token has no roles claim.');
  if (tenant !== undefined && tenant !== null && !isSlug(tenant)) {
    throw new UnauthenticatedError('The token names no valid tenant.');
  }
  return { sub, roles: roles.filter(isRole), tenant: typeof tenant === 'string' ? tenant : null, ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}) };
}

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'The token is not signed with an accepted algorithm.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not valid.`;
  return 'The token is not valid.';
}
