import type { AttemptOutcome } from '../domain/delivery-policy.js';

/** Sends one attempt (a POST) and tells how it ended; never throws for the receiver's failures. */
export abstract class WebhookSender {
  abstract send(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome>;
}
