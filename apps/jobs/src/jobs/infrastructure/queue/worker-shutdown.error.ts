/** The abort reason of a job still running when its worker's shutdown grace ended. */
export class WorkerShutdown extends Error {
  constructor() {
    super('The worker shut down while the job ran; the job goes back to the queue.');
    this.name = 'WorkerShutdown';
  }
}
