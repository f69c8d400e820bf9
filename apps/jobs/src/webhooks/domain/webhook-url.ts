import { blockedAddressReason, ipLiteral } from './address-policy.js';

export const MAX_URL_LENGTH = 2000;

export interface UrlRules {
  /** https only (production); http too in development and tests, or with WEBHOOKS_ALLOW_PRIVATE. */
  httpsOnly: boolean;
  /** WEBHOOKS_ALLOW_PRIVATE: loopback and private addresses are allowed. */
  allowPrivate: boolean;
}

/**
 * What is wrong with a subscription's URL, or null: an absolute http(s) URL of at most 2000
 * characters with a host, no user or password (credentials in a URL end up in logs), no
 * fragment; https when `httpsOnly`; a literal IP address must be public unless `allowPrivate`.
 * A host name is checked again at every connection (its address may change): see the sender.
 */
export function webhookUrlProblem(raw: string, rules: UrlRules): string | null {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL (https://...)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (rules.httpsOnly && url.protocol !== 'https:') return 'must be an https URL (http is allowed only in development and tests)';
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a fragment (#...)';
  const literal = ipLiteral(url.hostname);
  if (literal && !rules.allowPrivate) {
    const blocked = blockedAddressReason(literal);
    if (blocked) return `must not point at a private or reserved address (${blocked})`;
  }
  if (!literal && !rules.allowPrivate && /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i.test(url.hostname.replace(/\.$/, ''))) {
    return 'must not point at a local host name';
  }
  return null;
}
