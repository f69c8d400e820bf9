export interface Enqueueable {
  id: string;
  tenant: string;
  name: string;
  params: unknown;
  runAt: Date | null;
  /** Attempts started so far. */
  attempts: number;
  /** The attempt of the job's stored position, when ahead of `attempts` (runs handed back at shutdown). */
  attempt?: number;
}

/** A job as the queue holds it. */
export interface QueuedJob {
  state: string;
  /** Why it failed there, if it did. */
  failedReason?: string;
}

/**
 * The queue the workers take jobs from, addressed by the job's registration id: enqueueing a
 * job the queue has already adds nothing, so every path that enqueues may repeat itself.
 */
export abstract class JobQueue {
  abstract enqueue(job: Enqueueable): Promise<void>;
  /** Removes a job that is not running (waiting, delayed, finished); false when a worker holds it. */
  abstract remove(name: string, id: string): Promise<boolean>;
  /** The job in the queue; undefined when the queue does not have it. */
  abstract find(name: string, id: string): Promise<QueuedJob | undefined>;
}
