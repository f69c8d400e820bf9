import { UnrecoverableError } from 'bullmq';

/**
 * How a run of a cancelled job ends in BullMQ: failed without retry, with this reason, for the
 * moment until its worker removes it from the queue (BullMQ has no cancelled state, and the
 * dashboard would offer to retry a failed job the store holds as final).
 */
export class JobCancelled extends UnrecoverableError {
  constructor(id: string) {
    super(`cancelled: job ${id} was cancelled (POST /v1/jobs/${id}/cancel); its status is cancelled, it is not retried`);
    this.name = 'JobCancelled';
  }
}
