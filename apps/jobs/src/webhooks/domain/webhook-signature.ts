import { randomBytes } from 'node:crypto';
import { Webhook as Signer } from 'standardwebhooks';

/** A new signing secret in the Standard Webhooks format: `whsec_` and 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256>` per secret, space-separated
 * (the specification's way to sign with a new and an old secret during a rotation); the
 * receiver accepts the message when any of them verifies with its secret.
 */
export function signatureHeader(secrets: string[], messageId: string, at: Date, body: string): string {
  return secrets.map((secret) => new Signer(secret).sign(messageId, at, body)).join(' ');
}

/** The three Standard Webhooks headers of one attempt (the timestamp is the attempt's). */
export function webhookHeaders(secrets: string[], messageId: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatureHeader(secrets, messageId, at, body),
  };
}
