import { describe, expect, it } from '@jest/globals';
import { PlatformConfig } from '../config/index.js';
import { startupSummary } from './startup-summary.js';

function config(values: Partial<PlatformConfig>): PlatformConfig {
  return Object.assign(new PlatformConfig(), { SERVICE_NAME: 'monolith' }, values);
}

describe('startupSummary', () => {
  it('names where the process listens, its database and Redis without their passwords, and the schemas migrated', () => {
    const summary = startupSummary(config({ DATABASE_URL: 'postgres://app:s3cret@db.internal:6543/campaigns', REDIS_URL: 'redis://:hunter2@cache:6380', REDIS_PREFIX: 'cp' }), {
      listening: 'listening on http://localhost:3000; API docs at http://localhost:3000/docs',
      finishedStartupTasks: ['postgres:identity', 'postgres:marketing'],
      dependencies: { postgres: { status: 'up', latencyMs: 1 }, redis: { status: 'up', latencyMs: 1 } },
    });
    expect(summary.split('\n').slice(0, 4)).toEqual([
      'monolith ready: listening on http://localhost:3000; API docs at http://localhost:3000/docs',
      '  PostgreSQL  db.internal:6543, database campaigns, user app',
      '  Redis       cache:6380, key prefix cp',
      '  migrations  applied, schemas identity, marketing up to date',
    ]);
    expect(summary).not.toMatch(/s3cret|hunter2/);
  });

  it('says when this process left migrations to the migration job', () => {
    const summary = startupSummary(config({ MIGRATIONS: 'off' }), { listening: 'listening on http://localhost:3001', finishedStartupTasks: ['postgres:marketing'], dependencies: {} });
    expect(summary).toContain('  migrations  MIGRATIONS=off: not applied by this process (npm run migrate applies them); schema marketing connected');
    expect(summary).toContain('  PostgreSQL  127.0.0.1:5432, database campaigns, user postgres\n');
  });

  it('says which dependency does not answer when the process is ready without it (degraded)', () => {
    const summary = startupSummary(config({}), {
      listening: 'listening on http://localhost:3000',
      finishedStartupTasks: [],
      dependencies: { postgres: { status: 'up', latencyMs: 1 }, redis: { status: 'down', latencyMs: 0, error: 'not connected' } },
    });
    expect(summary).toContain('  Redis       127.0.0.1:6379, key prefix cp; NOT ANSWERING (not connected), the process runs degraded\n');
  });
});
