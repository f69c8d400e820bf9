import { afterAll, beforeAll, describe } from '@jest/globals';
import { Deployment, Member } from '../harness/deployment.js';
import { DASHBOARD_ENV, itChecksTheQueueDashboard } from '../harness/queue-dashboard.js';

/**
 * The queue dashboard where split mode serves it: on a jobs process (API role) of its own, in
 * production mode, on the process's own port (the e2e harness speaks to the gateway only).
 */
describe('queue dashboard on a split-mode jobs process', () => {
  let deployment: Deployment;
  let jobs: Member;

  beforeAll(async () => {
    deployment = await Deployment.create({ ...DASHBOARD_ENV, NODE_ENV: 'production' });
    jobs = await deployment.start('jobs', { JOBS_ROLE: 'api' });
    await jobs.ready();
  });

  afterAll(async () => {
    await deployment?.destroy();
  });

  itChecksTheQueueDashboard(() => jobs.url);
});
