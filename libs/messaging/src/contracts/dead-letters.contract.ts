import type { TimeIdKey } from '#common';
import type { DeadLetter } from '../events/consumer.store.js';

/**
 * The services besides the gateway that host event consumers, and so keep dead letters: each
 * answers these messages for its own consumers; the gateway's ops endpoints ask all of them
 * (and read the gateway's own consumers directly).
 */
export const DEAD_LETTER_HOSTS = ['jobs'] as const;
export type DeadLetterHost = (typeof DEAD_LETTER_HOSTS)[number];

export const deadLetterMessages = <H extends DeadLetterHost>(host: H) =>
  ({
    list: `${host}.dead-letters.list`,
    retry: `${host}.dead-letters.retry`,
    discard: `${host}.dead-letters.discard`,
  }) as const;

/** `handled`: the retry ran its handlers and the dead letter is gone; otherwise it failed again. */
export interface DeadLetterRetry {
  found: boolean;
  handled: boolean;
  deadLetter: DeadLetter | null;
}

export type DeadLettersContract = {
  [H in DeadLetterHost as `${H}.dead-letters.list`]: { request: { limit: number; before: TimeIdKey | null }; response: DeadLetter[] };
} & {
  [H in DeadLetterHost as `${H}.dead-letters.retry`]: { request: { id: string }; response: DeadLetterRetry };
} & {
  [H in DeadLetterHost as `${H}.dead-letters.discard`]: { request: { id: string }; response: { found: boolean } };
};
