import { describe, expect, it } from '@jest/globals';
import { loadConfig, PlatformConfig } from '../config/index.js';
import { appDataSourceOptions, migrationDataSourceOptions } from './app-database.js';

const database = { schema: 'marketing', entities: [class Entity {}], migrations: [] };
const pooled = { DATABASE_URL: 'postgres://app@pgbouncer:6432/cp', DATABASE_DIRECT_URL: 'postgres://app@postgres:5432/cp' };

describe('app DataSource options', () => {
  it('pool through DATABASE_URL, DATABASE_POOL_SIZE connections unless the app fixes its size', () => {
    const config = loadConfig(PlatformConfig, { ...pooled, DATABASE_POOL_SIZE: '7' });
    expect(appDataSourceOptions(database, config)).toMatchObject({ url: pooled.DATABASE_URL, extra: { max: 7 } });
    expect(appDataSourceOptions({ ...database, poolSize: 2 }, config)).toMatchObject({ extra: { max: 2 } });
  });

  it('migrations on the server itself: DATABASE_DIRECT_URL, two connections, no entities', () => {
    const options = migrationDataSourceOptions(database, loadConfig(PlatformConfig, { ...pooled, DATABASE_POOL_SIZE: '7' }));
    expect(options).toMatchObject({ url: pooled.DATABASE_DIRECT_URL, schema: 'marketing', entities: [], extra: { max: 2 } });
  });

  it('migrations on DATABASE_URL when there is no pooler', () => {
    expect(migrationDataSourceOptions(database, loadConfig(PlatformConfig, { DATABASE_URL: pooled.DATABASE_DIRECT_URL }))).toMatchObject({ url: pooled.DATABASE_DIRECT_URL });
  });
});
