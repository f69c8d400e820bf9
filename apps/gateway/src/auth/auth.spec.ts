import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { AppError, ForbiddenError, NotFoundError, UnauthenticatedError } from '#common';
import { checkAccess } from './access-policy.js';
import type { Principal } from './principal.js';
import { effectiveRoles, hasRole } from './roles.js';
import { Hs256TokenVerifier, signStaffToken } from './token-verifier.js';

const SECRET = 's'.repeat(40);

describe('roles', () => {
  it('nest admin ⊇ editor ⊇ viewer; ops stands alone', () => {
    expect(effectiveRoles(['admin'])).toEqual(['viewer', 'editor', 'admin']);
    expect(effectiveRoles(['editor'])).toEqual(['viewer', 'editor']);
    expect(effectiveRoles(['viewer'])).toEqual(['viewer']);
    expect(effectiveRoles(['ops'])).toEqual(['ops']);
    expect(hasRole(['admin'], 'viewer')).toBe(true);
    expect(hasRole(['viewer'], 'editor')).toBe(false);
    expect(hasRole(['ops'], 'viewer')).toBe(false);
  });
});

describe('access policy', () => {
  const key: Principal = { kind: 'api-key', id: 'k', tenant: 'a', tenantTimezone: 'UTC' };
  const staff = (roles: Array<'viewer' | 'editor' | 'admin'>, tenant = 'a'): Principal => ({ kind: 'staff', sub: 's', tenant, tenantTimezone: 'UTC', roles: effectiveRoles(roles) });
  const ops: Principal = { kind: 'ops', sub: 'o', roles: ['ops'] };
  const outcome = (fn: () => void): string => {
    try {
      fn();
      return 'allow';
    } catch (error) {
      return (error as AppError).code;
    }
  };

  it.each([
    ['reader', key, 'allow'], ['reader', staff(['viewer']), 'allow'], ['reader', ops, 'FORBIDDEN'],
    ['staff', key, 'FORBIDDEN'], ['staff', staff(['viewer']), 'allow'],
    ['editor', key, 'FORBIDDEN'], ['editor', staff(['viewer']), 'FORBIDDEN'], ['editor', staff(['editor']), 'allow'], ['editor', staff(['admin']), 'allow'], ['editor', ops, 'FORBIDDEN'],
    ['admin', staff(['editor']), 'FORBIDDEN'], ['admin', staff(['admin']), 'allow'],
    ['ops', staff(['admin']), 'FORBIDDEN'], ['ops', key, 'FORBIDDEN'], ['ops', ops, 'allow'],
    ['authenticated', key, 'allow'], ['authenticated', staff(['viewer']), 'allow'], ['authenticated', ops, 'allow'],
  ] as const)('%s for %o: %s', (rule, principal, expected) => {
    expect(outcome(() => checkAccess(rule, principal))).toBe(expected);
  });

  it('ops-or-admin: own tenant admin or ops; another tenant is 404; lower roles 403', () => {
    expect(outcome(() => checkAccess('ops-or-admin', ops, 'b'))).toBe('allow');
    expect(outcome(() => checkAccess('ops-or-admin', staff(['admin']), 'a'))).toBe('allow');
    expect(() => checkAccess('ops-or-admin', staff(['admin']), 'b')).toThrow(NotFoundError);
    expect(() => checkAccess('ops-or-admin', staff(['viewer']), 'b')).toThrow(NotFoundError);
    expect(() => checkAccess('ops-or-admin', staff(['editor']), 'a')).toThrow(ForbiddenError);
    expect(() => checkAccess('ops-or-admin', key, 'a')).toThrow(ForbiddenError);
  });
});

describe('HS256 token verification', () => {
  const verifier = new Hs256TokenVerifier(SECRET, { clockToleranceS: 0 });
  const reason = async (token: string) => verifier.verify(token).then(() => 'ok', (e: Error) => (e instanceof UnauthenticatedError ? e.message : `other: ${e.message}`));

  it('accepts a valid token and reads its claims', async () => {
    const token = await signStaffToken(SECRET, { sub: 'alice', roles: ['editor'], tenant: 'mall' });
    const signedAt = Date.now();
    const claims = await verifier.verify(token);
    expect(claims).toEqual({ sub: 'alice', roles: ['editor'], tenant: 'mall', expiresAt: expect.any(Number) });
    // signStaffToken's default lifetime is one hour; `exp` is in whole seconds.
    expect(Math.abs(claims.expiresAt! - (signedAt + 3_600_000))).toBeLessThan(2000);
    const ops = await signStaffToken(SECRET, { sub: 'bob', roles: ['ops'] });
    await expect(verifier.verify(ops)).resolves.toEqual({ sub: 'bob', roles: ['ops'], tenant: null, expiresAt: expect.any(Number) });
  });

  it('refuses expired, wrongly signed, malformed tokens and other algorithms', async () => {
    expect(await reason(await signStaffToken(SECRET, { sub: 'a', roles: ['viewer'], tenant: 'mall' }, { expiresInS: -10 }))).toMatch(/expired/);
    expect(await reason(await signStaffToken('t'.repeat(40), { sub: 'a', roles: ['viewer'], tenant: 'mall' }))).toMatch(/signature/);
    expect(await reason('not-a-jwt')).toMatch(/not a JWT/);
    expect(await reason('a.b.c')).toMatch(/not valid/);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'a', roles: ['admin'], tenant: 'mall', exp: 9999999999 })).toString('base64url')}.`;
    expect(await reason(unsigned)).not.toBe('ok');
    const hs512 = await new SignJWT({ roles: ['admin'], tenant: 'mall' }).setProtectedHeader({ alg: 'HS512' }).setSubject('a').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    expect(await reason(hs512)).toMatch(/algorithm/);
  });

  it('requires exp, sub and a roles list', async () => {
    const key = new TextEncoder().encode(SECRET);
    const noExp = await new SignJWT({ roles: ['admin'], tenant: 'mall' }).setProtectedHeader({ alg: 'HS256' }).setSubject('a').sign(key);
    expect(await reason(noExp)).toMatch(/exp/);
    const noSub = await new SignJWT({ roles: ['admin'], tenant: 'mall' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key);
    expect(await reason(noSub)).toMatch(/sub/);
    const noRoles = await new SignJWT({ tenant: 'mall' }).setProtectedHeader({ alg: 'HS256' }).setSubject('a').setExpirationTime('1h').sign(key);
    expect(await reason(noRoles)).toMatch(/roles/);
  });

  it('checks iss and aud when configured', async () => {
    const strict = new Hs256TokenVerifier(SECRET, { issuer: 'https://login.example', audience: 'campaigns' });
    const good = await signStaffToken(SECRET, { sub: 'a', roles: ['viewer'], tenant: 'mall' }, { issuer: 'https://login.example', audience: 'campaigns' });
    await expect(strict.verify(good)).resolves.toMatchObject({ sub: 'a' });
    const wrongIss = await signStaffToken(SECRET, { sub: 'a', roles: ['viewer'], tenant: 'mall' }, { issuer: 'https://evil.example', audience: 'campaigns' });
    await expect(strict.verify(wrongIss)).rejects.toThrow(/iss/);
    const noAud = await signStaffToken(SECRET, { sub: 'a', roles: ['viewer'], tenant: 'mall' }, { issuer: 'https://login.example' });
    await expect(strict.verify(noAud)).rejects.toThrow(UnauthenticatedError);
  });
});
