/**
 * Settles as `pending` does, or rejects with `timedOut()` once `ms` have passed, whichever
 * comes first. The work behind `pending` is not cancelled: this bounds how long a caller
 * waits (an answer owed by a deadline), not what the slow part does afterwards.
 */
export function bounded<T>(pending: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), Math.max(0, ms));
  });
  return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
}
