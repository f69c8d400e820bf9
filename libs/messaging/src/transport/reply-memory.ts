import { Injectable } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RedisService } from '#common';
import type { Reply, RequestEnvelope } from '../envelope.js';

const REMEMBER_S = 24 * 3600;
const WAIT_STEP_MS = 25;

/**
 * A request handler whose effect must happen once per request id (a create): a caller that
 * retries with the same `X-Request-Id` — after a timeout, say — gets the first answer again
 * instead of a second resource.
 */
export function IdempotentPattern(pattern: string): MethodDecorator {
  return MessagePattern(pattern, { idempotent: true }) as unknown as MethodDecorator;
}

/**
 * Remembers the successful replies of idempotent requests for a day, by type, tenant and
 * request id, in Redis (shared by every replica). A repeat that arrives while the first is still
 * running waits for its reply until the deadline. With Redis away the request runs unguarded:
 * refusing writes would be worse than the rare duplicate of a retried create.
 */
@Injectable()
export class ReplyMemory {
  constructor(private readonly redis: RedisService) {}

  async run(envelope: RequestEnvelope, handle: () => Promise<Reply>): Promise<Reply> {
    const key = this.redis.key('replies', envelope.type, envelope.tenant ?? '-', envelope.requestId);
    const claimed = await this.redis.client.set(key, '', 'EX', REMEMBER_S, 'NX').catch(() => 'OK');
    if (claimed !== 'OK') return this.earlier(key, envelope, handle);
    const reply = await handle();
    if (reply.ok) await this.redis.client.set(key, JSON.stringify(reply), 'EX', REMEMBER_S).catch(() => undefined);
    else await this.redis.client.del(key).catch(() => undefined); // a failure may be retried for real
    return reply;
  }

  private async earlier(key: string, envelope: RequestEnvelope, handle: () => Promise<Reply>): Promise<Reply> {
    while (Date.now() < envelope.deadline) {
      const stored = await this.redis.client.get(key).catch(() => null);
      if (stored === null) return this.run(envelope, handle); // the first attempt failed: this one runs
      if (stored !== '') return JSON.parse(stored) as Reply;
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
    return handle();
  }
}
