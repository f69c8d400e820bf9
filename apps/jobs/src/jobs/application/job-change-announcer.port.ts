/**
 * Tells whoever waits on jobs (the gateways' `?wait` readers) which jobs' statuses just
 * committed. A hint, at most once: a reader that misses it reads again on its own timer.
 */
export abstract class JobChangeAnnouncer {
  abstract announce(jobIds: string[]): void;
}
