/**
 * Tells every worker process to stop a running job. At most once: a worker that misses it lets
 * the run finish, and the run's final report is ignored (`cancelled` is final).
 */
export abstract class CancelBroadcast {
  abstract publish(jobId: string): Promise<void>;
}
