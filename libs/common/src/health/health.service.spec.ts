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

  it('settles ready once listening and every start-up task is done, and names the tasks in the order they finished', async () => {
    const health = new HealthService({ required: [] });
    const marketing = health.startupTask('postgres:marketing');
    const identity = health.startupTask('postgres:identity');
    let ready = false;
    void health.ready.then(() => (ready = true));
    identity();
    health.markListening();
    await Promise.resolve();
    expect(ready).toBe(false);
    marketing();
    await health.ready;
    expect(health.finishedStartupTasks()).toEqual(['postgres:identity', 'postgres:marketing']);
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
