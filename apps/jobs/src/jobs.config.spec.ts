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
