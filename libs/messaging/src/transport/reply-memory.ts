import { Injectable, Logger } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AppError, ConflictError, DeadlineExceededError, newId, RedisService, stableHash } from '#common';
import type { Reply, RequestEnvelope } from '../envelope.js';
import { encodeError } from '../error-codec.js';
import { type Claim, LocalClaims, RedisClaims } from './reply-claims.js';

const REMEMBER_MS = 24 * 3600_000;
/**
 * A claim outlives its attempt's deadline by this much. By then the caller has given up on that
 * attempt (the replica or Redis died under it, or it hangs), and one retry may take it over.
 */
const LEASE_MARGIN_MS = 1000;
const WAIT_STEP_MS = 25;
/** Replies this process remembers itself (see ReplyMemory); a campaign's reply is about 1 KB. */
const LOCAL_ENTRIES = 10_000;

/**
 * A request handler whose effect must happen once per request id (a create): a caller that
 * retries with the same `X-Request-Id` — after a timeout, say — gets the first answer again
 * instead of a second resource.
 */
export function IdempotentPattern(pattern: string): MethodDecorator {
  return MessagePattern(pattern, { idempotent: true }) as unknown as MethodDecorator;
}

/**
 * Runs each idempotent request once per type, tenant and request id, and remembers its
 * successful reply for a day. Redis holds the claims and replies (shared by every replica):
 * - an attempt claims the key for a lease that ends LEASE_MARGIN_MS after its deadline, and
 *   runs its handler only while its deadline has not passed;
 * - a repeat waits for the holder's reply until its own deadline, then answers
 *   DEADLINE_EXCEEDED without running the handler; once a claim's lease has ended (its attempt
 *   died with its replica or with Redis) exactly one repeat takes it over;
 * - a repeat from another actor, or with another body, is refused (409 REQUEST_ID_REUSED);
 * - a failed attempt lets go of its claim: a failure may be retried for real.
 * When Redis does not answer (down, or hanging past the command timeout) the claim is taken in
 * this process's memory instead, which also keeps every reply this process gave: writes go on
 * without Redis (the monolith must commit them), and a retry that reaches this process again
 * — every retry, in the monolith — still gets the first reply. Lost to this guard: a retry on
 * another replica while Redis was away, or after Redis lost its data.
 */
@Injectable()
export class ReplyMemory {
  private readonly logger = new Logger(ReplyMemory.name);
  private readonly shared: RedisClaims;
  private readonly local = new LocalClaims(LOCAL_ENTRIES);

  constructor(private readonly redis: RedisService) {
    this.shared = new RedisClaims(redis.client);
  }

  async run(envelope: RequestEnvelope, handle: () => Promise<Reply>): Promise<Reply> {
    const key = this.redis.key('replies', envelope.type, envelope.tenant ?? '-', envelope.requestId);
    const mine = claimOf(envelope);
    const instead = await this.take(key, mine, envelope);
    if (instead) return instead;
    if (Date.now() >= envelope.deadline) {
      // Taking the claim outlasted the deadline (a Redis that hangs): the caller has given up.
      this.settle(key, mine, null, envelope);
      return failure(new DeadlineExceededError());
    }
    const reply = await handle();
    this.settle(key, mine, reply.ok ? reply : null, envelope);
    return reply;
  }

  /** Null once this attempt holds the claim; otherwise what it answers instead. */
  private async take(key: string, mine: Claim, envelope: RequestEnvelope): Promise<Reply | null> {
    for (;;) {
      const holder = await this.claim(key, mine, envelope.deadline - Date.now() + LEASE_MARGIN_MS);
      if (!holder) return null;
      const reused = reuseOf(holder, mine, envelope.requestId);
      if (reused) return failure(reused);
      if (holder.reply) return holder.reply;
      const left = envelope.deadline - Date.now();
      if (left <= 0) return failure(new DeadlineExceededError('An earlier attempt of this request is still running; retry it later.'));
      await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_STEP_MS, left)));
    }
  }

  /** What this process holds answers first; then Redis; this process's memory when Redis does not answer. */
  private async claim(key: string, mine: Claim, leaseMs: number): Promise<Claim | null> {
    const here = this.local.holder(key);
    if (here) return here;
    try {
      return await this.shared.claim(key, mine, leaseMs);
    } catch {
      return this.local.claim(key, mine, leaseMs);
    }
  }

  /** Keeps a success here and in Redis (the answer does not wait for Redis); forgets a failure. */
  private settle(key: string, mine: Claim, reply: Reply | null, envelope: RequestEnvelope): void {
    const done = reply && { ...mine, reply };
    this.local.settle(key, mine.owner, done, REMEMBER_MS);
    void this.shared.settle(key, mine.owner, done, REMEMBER_MS).then(
      (held) => {
        if (!held && done) this.logger.warn({ requestId: envelope.requestId, type: envelope.type }, 'a retry took over this request while it ran: it may have taken effect twice');
      },
      () => undefined, // Redis away: this process remembers the reply
    );
  }
}

function claimOf(envelope: RequestEnvelope): Claim {
  return {
    owner: newId(),
    actor: `${envelope.actor.kind}:${envelope.actor.id}`,
    body: stableHash(envelope.data),
  };
}

/** A request id used again by someone else or for something else: never answered with the first reply. */
function reuseOf(holder: Claim, mine: Claim, requestId: string): AppError | null {
  if (holder.actor !== mine.actor) {
    return new ConflictError('REQUEST_ID_REUSED', `Request id ${requestId} was already used by another user; send a new X-Request-Id.`, { differs: 'actor' });
  }
  if (holder.body !== mine.body) {
    return new ConflictError('REQUEST_ID_REUSED', `Request id ${requestId} was already used with a different body; send a new X-Request-Id.`, { differs: 'body' });
  }
  return null;
}

function failure(error: AppError): Reply {
  return { ok: false, error: encodeError(error) };
}
