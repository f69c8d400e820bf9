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
