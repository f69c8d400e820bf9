/** What a bounded wait ends with once its time is up: a rejection, or a value to go on with. */
export type Expiry<F> = (() => Error) | { orElse: F };

/**
 * Settles as `pending` does or, once `ms` have passed, as `expiry` says (rejects with the error
 * it makes, or resolves with `orElse`), whichever comes first. The timer is cleared as soon as
 * either happens. The work behind `pending` is not cancelled: this bounds how long a caller
 * waits (an answer owed by a deadline, a grace), not what the slow part does afterwards.
 */
export function bounded<T, F = never>(pending: Promise<T>, ms: number, expiry: Expiry<F>): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<F>((resolve, reject) => {
    timer = setTimeout(() => (typeof expiry === 'function' ? reject(expiry()) : resolve(expiry.orElse)), Math.max(0, ms));
  });
  return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
}
