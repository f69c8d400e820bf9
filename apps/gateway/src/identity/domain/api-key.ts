import { createHash, randomBytes } from 'node:crypto';

/** An API key as lists show it: never the secret. */
export interface ApiKeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to creating a key: the only time the key itself is shown. */
export interface IssuedApiKey {
  id: string;
  name: string;
  key: string;
  createdAt: string;
}

export const API_KEY_PREFIX = 'cpk_';
/** 32 random bytes: 43 base64url characters after the prefix. */
const KEY_BYTES = 32;
const KEY_SHAPE = /^cpk_[A-Za-z0-9_-]{32,128}$/;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/**
 * The stored form of a key. A plain SHA-256 is enough (no salt, no slow hash): keys carry 256
 * bits of randomness, so there is nothing to guess, and a lookup by hash must stay one index read.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether a header value can be a key at all (anything else is refused without a lookup). */
export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}
