/** The abort reason of a cancelled job. */
export class CancelledSignal extends Error {
  constructor() {
    super('The job was cancelled.');
    this.name = 'CancelledSignal';
  }
}
