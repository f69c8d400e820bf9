/**
 * The signed-in person's access token, in memory only: never in localStorage or sessionStorage,
 * so a script injected into another page of the origin, or a later user of the browser, finds
 * nothing. A reload signs in again (silently, when the identity provider's session allows).
 */
type Listener = () => void;

let current: { token: string; expiresAt: number } | null = null;
let lastEnded: 'signed-out' | 'expired' | null = null;
const listeners = new Set<Listener>();
const notify = () => listeners.forEach((listener) => listener());

export const session = {
  token(): string | null {
    return current && current.expiresAt > Date.now() ? current.token : null;
  },
  set(token: string, expiresAt: number): void {
    current = { token, expiresAt };
    lastEnded = null;
    notify();
  },
  clear(reason: 'signed-out' | 'expired' = 'signed-out'): void {
    if (!current) return;
    current = null;
    lastEnded = reason;
    notify();
  },
  expired(): void {
    session.clear('expired');
  },
  /** Why the last session ended, for the sign-in page to say. */
  lastEnded(): 'signed-out' | 'expired' | null {
    return lastEnded;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};
