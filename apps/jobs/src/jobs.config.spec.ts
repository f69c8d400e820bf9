import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '#common';
import { JobsConfig } from './jobs.config.js';

describe('JOBS_SHUTDOWN_GRACE_MS', () => {
  it('defaults below SHUTDOWN_TIMEOUT_MS, leaving room to hand jobs back and close', () => {
    const config = loadConfig(JobsConfig, {});
    expect(config.JOBS_SHUTDOWN_GRACE_MS).toBe(15_000);
    expect(config.JOBS_SHUTDOWN_GRACE_MS + config.SHUTDOWN_DRAIN_MS).toBeLessThan(config.SHUTDOWN_TIMEOUT_MS);
  });

  it('must end early enough within SHUTDOWN_TIMEOUT_MS after SHUTDOWN_DRAIN_MS', () => {
    expect(loadConfig(JobsConfig, { JOBS_SHUTDOWN_GRACE_MS: '4000', SHUTDOWN_DRAIN_MS: '1000', SHUTDOWN_TIMEOUT_MS: '8000' }).JOBS_SHUTDOWN_GRACE_MS).toBe(4000);
    expect(() => loadConfig(JobsConfig, { JOBS_SHUTDOWN_GRACE_MS: '4001', SHUTDOWN_DRAIN_MS: '1000', SHUTDOWN_TIMEOUT_MS: '8000' })).toThrow(
      new ConfigError('Invalid configuration: JOBS_SHUTDOWN_GRACE_MS must end 3000 ms before SHUTDOWN_TIMEOUT_MS after SHUTDOWN_DRAIN_MS: at most 4000 here (got 4001)'),
    );
    expect(() => loadConfig(JobsConfig, { SHUTDOWN_TIMEOUT_MS: '10000' })).toThrow(/JOBS_SHUTDOWN_GRACE_MS must end/);
  });

  it('is an integer number of milliseconds', () => {
    expect(() => loadConfig(JobsConfig, { JOBS_SHUTDOWN_GRACE_MS: 'soon' })).toThrow(/^Invalid configuration: JOBS_SHUTDOWN_GRACE_MS .*must be an integer number of milliseconds \(at least 0\) \(got "soon"\)$/);
    expect(() => loadConfig(JobsConfig, { JOBS_SHUTDOWN_GRACE_MS: '-1' })).toThrow(/JOBS_SHUTDOWN_GRACE_MS/);
  });
});

describe('WEBHOOKS_*', () => {
  it('https only and no private address by default in production; http outside it', () => {
    expect(loadConfig(JobsConfig, { NODE_ENV: 'test' })).toMatchObject({ webhooksAllowPrivate: false, webhooksHttpsOnly: false });
    expect(loadConfig(JobsConfig, { NODE_ENV: 'test', WEBHOOKS_ALLOW_PRIVATE: 'true' })).toMatchObject({ webhooksAllowPrivate: true, webhooksHttpsOnly: false });
  });

  it('WEBHOOKS_ALLOW_PRIVATE is refused in production, and must be true or false', () => {
    expect(() => loadConfig(JobsConfig, { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), WEBHOOKS_ALLOW_PRIVATE: 'true' })).toThrow(/WEBHOOKS_ALLOW_PRIVATE must not be true in production/);
    expect(() => loadConfig(JobsConfig, { WEBHOOKS_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOKS_ALLOW_PRIVATE.*must be true or false/);
  });

  it('validates the numbers', () => {
    expect(() => loadConfig(JobsConfig, { WEBHOOKS_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOKS_MAX_ATTEMPTS/);
    expect(() => loadConfig(JobsConfig, { WEBHOOKS_TIMEOUT_MS: '60001' })).toThrow(/WEBHOOKS_TIMEOUT_MS/);
    expect(loadConfig(JobsConfig, {}).WEBHOOKS_SECRET_GRACE_MS).toBe(86_400_000);
  });
});
