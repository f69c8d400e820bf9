import { describe, expect, it } from '@jest/globals';
import { HealthService } from './health.service.js';

const up = async () => undefined;
const down = async () => {
  throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
};

function ready(required: string[]): HealthService {
  const health = new HealthService({ required });
  health.markListening();
  return health;
}

describe('HealthService', () => {
  it('is down while starting tasks remain, ready after', async () => {
    const health = new HealthService({ required: [] });
    const done = health.startupTask('migrations');
    health.markListening();
    expect((await health.readiness()).status).toBe('down');
    done();
    expect(await health.readiness()).toEqual({ status: 'ok', phase: 'ready', dependencies: {} });
  });

  it('is degraded when an optional dependency is down, down when a required one is', async () => {
    const optional = ready([]);
    optional.addCheck('redis', down);
    optional.addCheck('postgres', up);
    const readiness = await optional.readiness();
    expect(readiness.status).toBe('degraded');
    expect(readiness.dependencies.redis).toMatchObject({ status: 'down', error: 'ECONNREFUSED' });

    const required = ready(['redis']);
    required.addCheck('redis', down);
    expect((await required.readiness()).status).toBe('down');
  });

  it('is down while draining', async () => {
    const health = ready([]);
    health.markDraining();
    expect(await health.readiness()).toMatchObject({ status: 'down', phase: 'draining' });
  });
});
