import { LRUCache } from 'lru-cache';

export interface LoginLimits {
  /** Failed logins one client may make per window; the next attempt waits for the window's end. */
  maxFailures: number;
  /** How long a window lasts, from its first failure. */
  windowMs: number;
}

/**
 * The failures the whole process accepts per window, as a multiple of one client's: addresses
 * come cheap (many hosts, an IPv6 prefix holds billions), so guesses spread over them are still
 * bounded. Past it every client waits, operators too: a brief lockout beats a found password.
 */
export const ALL_CLIENTS_FACTOR = 10;

/** Clients remembered at once; the oldest are forgotten first (the ceiling above still holds). */
const MAX_CLIENTS = 10_000;

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Slows password guessing: after `maxFailures` failed logins within a window, a client gets
 * only "retry after" until the window ends, correct password or not. Kept in memory per
 * process: the dashboard is served by a few processes, each bounding its own guesses, and a
 * lockout must keep working while Redis (shared state) is away.
 */
export class LoginThrottle {
  private readonly clients = new LRUCache<string, Window>({ max: MAX_CLIENTS });
  private everyone: Window | undefined;

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `client` may try again; 0 when it may try now. */
  retryAfterS(client: string): number {
    const locked = [this.locked(this.clients.get(client), this.limits.maxFailures), this.locked(this.everyone, this.limits.maxFailures * ALL_CLIENTS_FACTOR)];
    const endsAt = Math.max(0, ...locked.map((window) => window?.endsAt ?? 0));
    return endsAt === 0 ? 0 : Math.ceil((endsAt - this.now()) / 1000);
  }

  failed(client: string): void {
    this.clients.set(client, this.counted(this.clients.get(client)));
    this.everyone = this.counted(this.everyone);
  }

  /** A correct login forgets the client's failures (not the process-wide count). */
  succeeded(client: string): void {
    this.clients.delete(client);
  }

  private counted(window: Window | undefined): Window {
    const now = this.now();
    if (!window || window.endsAt <= now) return { failures: 1, endsAt: now + this.limits.windowMs };
    return { failures: window.failures + 1, endsAt: window.endsAt };
  }

  private locked(window: Window | undefined, max: number): Window | undefined {
    return window && window.endsAt > this.now() && window.failures >= max ? window : undefined;
  }
}
