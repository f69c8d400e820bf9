import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '#common';
import { DEVELOPMENT_JWT_SECRET, GatewayConfig } from './gateway.config.js';

const production = (env: Record<string, string>) => () => loadConfig(GatewayConfig, { NODE_ENV: 'production', ...env });

describe('GatewayConfig in production', () => {
  it.each([
    ['the development secret', DEVELOPMENT_JWT_SECRET, /JWT_SECRET must be set to a secret of your own/],
    ['one repeated character', 'a'.repeat(48), /JWT_SECRET is too easy to guess/],
    ['a repeated pattern', 'secret12'.repeat(6), /JWT_SECRET is too easy to guess/],
  ])('refuses %s as JWT_SECRET, in one line', (_label, secret, message) => {
    expect(production({ JWT_SECRET: secret })).toThrow(ConfigError);
    expect(production({ JWT_SECRET: secret })).toThrow(message);
  });

  it('accepts a random secret, and any secret when tokens are verified against a JWKS', () => {
    expect(production({ JWT_SECRET: randomBytes(36).toString('base64') })().JWT_SECRET).toHaveLength(48);
    expect(production({ JWT_SECRET: 'a'.repeat(48), JWT_JWKS_URL: 'https://idp.example.com/jwks' })().JWT_JWKS_URL).toBe('https://idp.example.com/jwks');
  });

  it('development keeps its fixed secret', () => {
    expect(loadConfig(GatewayConfig, {}).JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
  });
});

describe('GatewayConfig for the staff console', () => {
  const load = (env: Record<string, string>) => () => loadConfig(GatewayConfig, env);

  it('has no OIDC sign-in by default, and asks for openid, profile and offline_access', () => {
    const config = load({})();
    expect(config.CONSOLE_OIDC_ISSUER).toBe('');
    expect(config.consoleOidcOrigin).toBeNull();
    expect(config.CONSOLE_OIDC_SCOPE).toBe('openid profile offline_access');
  });

  it('takes an issuer with its client id, and knows its origin', () => {
    const config = load({ CONSOLE_OIDC_ISSUER: 'https://idp.example.com/realms/staff', CONSOLE_OIDC_CLIENT_ID: 'console' })();
    expect(config.consoleOidcOrigin).toBe('https://idp.example.com');
  });

  it.each([
    [{ CONSOLE_OIDC_ISSUER: 'https://idp.example.com' }, /CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID must be set together/],
    [{ CONSOLE_OIDC_CLIENT_ID: 'console' }, /CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID must be set together/],
    [{ CONSOLE_OIDC_ISSUER: 'idp.example.com', CONSOLE_OIDC_CLIENT_ID: 'console' }, /CONSOLE_OIDC_ISSUER must be an http\(s\) URL/],
    [{ CONSOLE_OIDC_ISSUER: 'https://idp.example.com/?x=1', CONSOLE_OIDC_CLIENT_ID: 'console' }, /CONSOLE_OIDC_ISSUER must be an http\(s\) URL/],
    [{ CONSOLE_OIDC_ISSUER: 'https://idp.example.com', CONSOLE_OIDC_CLIENT_ID: 'con sole' }, /CONSOLE_OIDC_CLIENT_ID must be at most 200 printable/],
    [{ CONSOLE_OIDC_SCOPE: 'profile email' }, /CONSOLE_OIDC_SCOPE must be space-separated OAuth scopes including openid/],
    [{ CONSOLE_OIDC_SCOPE: 'openid  profile' }, /CONSOLE_OIDC_SCOPE must be space-separated/],
    [{ CONSOLE_QUEUE_DASHBOARD_URL: '//evil.example.com' }, /CONSOLE_QUEUE_DASHBOARD_URL must be an http\(s\) URL or a path starting with \//],
    [{ CONSOLE_QUEUE_DASHBOARD_URL: 'javascript:alert(1)' }, /CONSOLE_QUEUE_DASHBOARD_URL must be/],
  ])('refuses %j in one line', (env, message) => {
    expect(load(env)).toThrow(ConfigError);
    expect(load(env)).toThrow(message);
  });

  it('allows an http issuer outside production only', () => {
    const env = { CONSOLE_OIDC_ISSUER: 'http://127.0.0.1:4000', CONSOLE_OIDC_CLIENT_ID: 'console' };
    expect(load(env)().consoleOidcOrigin).toBe('http://127.0.0.1:4000');
    expect(load({ ...env, NODE_ENV: 'test' })().consoleOidcOrigin).toBe('http://127.0.0.1:4000');
    expect(production({ ...env, JWT_SECRET: randomBytes(36).toString('base64') })).toThrow('CONSOLE_OIDC_ISSUER must be an https URL when NODE_ENV=production');
  });

  it('takes a dashboard link as a URL or a path', () => {
    expect(load({ CONSOLE_QUEUE_DASHBOARD_URL: '/admin/queues' })().CONSOLE_QUEUE_DASHBOARD_URL).toBe('/admin/queues');
    expect(load({ CONSOLE_QUEUE_DASHBOARD_URL: 'https://jobs.example.com/admin/queues' })().CONSOLE_QUEUE_DASHBOARD_URL).toBe('https://jobs.example.com/admin/queues');
  });

  it('offers the development sign-in in development only, and never with an identity provider', () => {
    expect(load({})().devSignIn).toBe(true);
    expect(load({ NODE_ENV: 'test' })().devSignIn).toBe(false);
    expect(load({ JWT_JWKS_URL: 'https://idp.example.com/jwks' })().devSignIn).toBe(false);
    expect(production({ JWT_SECRET: randomBytes(36).toString('base64') })().devSignIn).toBe(false);
    expect(load({ JWT_SECRET: randomBytes(36).toString('base64') })().devSignIn).toBe(false);
  });
});
