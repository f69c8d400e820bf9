/** How one attempt ended, as the sender saw it. */
export interface AttemptOutcome {
  /** The response's status; absent when none came (connection error, timeout, refused address). */
  status?: number;
  latencyMs: number;
  /** The first bytes of the response body, as text. */
  snippet?: string;
  /** The response's Retry-After header, if any. */
  retryAfter?: string;
  /** Why no usable response came. */
  error?: { code: AttemptErrorCode; message: string };
}

export const AttemptErrorCodes = {
  timeout: 'TIMEOUT',
  connection: 'CONNECTION_FAILED',
  addressBlocked: 'ADDRESS_BLOCKED',
  invalidUrl: 'INVALID_URL',
  responseTooLarge: 'RESPONSE_TOO_LARGE',
} as const;
export type AttemptErrorCode = (typeof AttemptErrorCodes)[keyof typeof AttemptErrorCodes];

export type Verdict = 'delivered' | 'retry' | 'dead';

/**
 * What an attempt's outcome means: 2xx is delivered; timeouts, connection errors, 5xx, 408 and
 * 429 are worth another attempt; anything else (3xx, since redirects are not followed, other
 * 4xx, an address that is refused, a URL that is not valid) will not change by trying again.
 */
export function verdictOf(outcome: Pick<AttemptOutcome, 'status' | 'error'>): Verdict {
  if (outcome.status === undefined) {
    const code = outcome.error?.code;
    return code === AttemptErrorCodes.addressBlocked || code === AttemptErrorCodes.invalidUrl ? 'dead' : 'retry';
  }
  if (outcome.status >= 200 && outcome.status < 300) return 'delivered';
  if (outcome.status >= 500 || outcome.status === 408 || outcome.status === 429) return 'retry';
  return 'dead';
}

/**
 * Retry-After in milliseconds from `now`: delay-seconds or an HTTP date; undefined when absent
 * or not readable; never negative, and at most `maxMs`.
 */
export function retryAfterMs(header: string | undefined, maxMs: number, now = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at) || !/[a-z]/i.test(value)) return undefined;
    ms = at - now;
  }
  return Math.min(maxMs, Math.max(0, ms));
}

/**
 * The wait before attempt `attemptsMade + 1`: exponential with full jitter (a random time
 * between 0 and base × 2^(attemptsMade − 1), at most `maxMs`), so receivers that failed
 * together are not hit together again; a Retry-After the receiver sent is honoured as the
 * least wait (itself capped at `maxMs`).
 */
export function backoffMs(attemptsMade: number, baseMs: number, maxMs: number, retryAfter?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfter ?? 0);
}
