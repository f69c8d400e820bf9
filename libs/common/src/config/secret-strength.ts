/**
 * A rough strength estimate for secrets an operator chooses: the length of the secret's
 * shortest period (a repeated pattern counts once) × log2(distinct characters). It is no
 * measure of real randomness; it only refuses what is plainly guessable (`aaaa…`, `abcabc…`,
 * a short password) before it reaches production. A random secret of the advised shape
 * (`openssl rand -base64 48`) scores far above every threshold here.
 */
export function estimatedBits(secret: string): number {
  const distinct = new Set(secret).size;
  return distinct < 2 ? 0 : shortestPeriod(secret) * Math.log2(distinct);
}

/** The smallest p such that the secret is its first p characters repeated (KMP's failure function). */
function shortestPeriod(text: string): number {
  const border = new Array<number>(text.length).fill(0);
  for (let i = 1, k = 0; i < text.length; i++) {
    while (k > 0 && text[i] !== text[k]) k = border[k - 1]!;
    if (text[i] === text[k]) k++;
    border[i] = k;
  }
  return text.length - (border[text.length - 1] ?? 0);
}

export interface SecretRules {
  minLength: number;
  minBits: number;
}

/** A signing key (HS256): 32 characters at least, as random as `openssl rand -base64 48` gives. */
export const SIGNING_KEY_RULES: SecretRules = { minLength: 32, minBits: 96 };
/** A password typed by operators (HTTP Basic): 16 characters at least, not a repetition. */
export const PASSWORD_RULES: SecretRules = { minLength: 16, minBits: 40 };

/** The problem with a production secret, in the words of the one-line start-up error, or null. */
export function weakSecretProblem(name: string, secret: string, rules: SecretRules): string | null {
  if (secret.length < rules.minLength) return `${name} must be at least ${rules.minLength} characters when NODE_ENV=production`;
  if (estimatedBits(secret) < rules.minBits) {
    return `${name} is too easy to guess (repeated or too few different characters); use a random value, e.g. openssl rand -base64 48`;
  }
  return null;
}
