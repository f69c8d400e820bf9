import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.loader.js';
import { PlatformConfig } from './platform.config.js';

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const config = loadConfig(PlatformConfig, { PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/campaigns');
    expect(config.REDIS_PREFIX).toBe('cp');
    expect(config.isDevelopment).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(PlatformConfig, { PORT: '' }).PORT).toBe(3000);
  });

  it('lets the caller change a default', () => {
    expect(loadConfig(PlatformConfig, {}, { PORT: 3001 }).PORT).toBe(3001);
  });

  it('names every bad variable in one line', () => {
    const attempt = () => loadConfig(PlatformConfig, { PORT: 'x', REDIS_URL: 'http://nope' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'Invalid configuration: PORT must be an integer from 0 to 65535 (got "x"); REDIS_URL must be a redis:// or rediss:// URL (got "http://nope")',
    );
  });

  it('TRUSTED_PROXIES: none by default; addresses, CIDRs and the named ranges; anything else refused', () => {
    expect(loadConfig(PlatformConfig, {}).trustedProxies).toEqual([]);
    expect(loadConfig(PlatformConfig, { TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7,::1, fd00::/8,loopback' }).trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['*', 'true', '10.0.0.0/33', '10.0.0.1/8/1', 'proxy.example.com', '::1/129', '1.2.3']) {
      expect(() => loadConfig(PlatformConfig, { TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES must be a comma-separated list/);
    }
  });

  it('DATABASE_DIRECT_URL: DATABASE_URL when unset; a postgres:// URL when set', () => {
    expect(loadConfig(PlatformConfig, { DATABASE_URL: 'postgres://app@pgbouncer:6432/cp' }).databaseDirectUrl).toBe('postgres://app@pgbouncer:6432/cp');
    expect(loadConfig(PlatformConfig, { DATABASE_URL: 'postgres://app@pgbouncer:6432/cp', DATABASE_DIRECT_URL: 'postgresql://app@db:5432/cp' }).databaseDirectUrl).toBe('postgresql://app@db:5432/cp');
    expect(() => loadConfig(PlatformConfig, { DATABASE_DIRECT_URL: 'mysql://db/cp' })).toThrow('DATABASE_DIRECT_URL must be a postgres:// URL (got "mysql://db/cp")');
  });

  it('DATABASE_POOL_SIZE: 10 by default, at least 1', () => {
    expect(loadConfig(PlatformConfig, {}).DATABASE_POOL_SIZE).toBe(10);
    expect(loadConfig(PlatformConfig, { DATABASE_POOL_SIZE: '4' }).DATABASE_POOL_SIZE).toBe(4);
    expect(() => loadConfig(PlatformConfig, { DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE must be an integer/);
  });
});
