import { describe, expect, it } from '@jest/globals';
import { lastValueFrom } from 'rxjs';
import { AppError, DeadlineExceededError, NotFoundError, systemContext } from '#common';
import type { Reply, RequestEnvelope } from '../envelope.js';
import { encodeError } from '../error-codec.js';
import { EnvelopeClient } from './envelope.client.js';

/** A transport whose replies the test hands over by hand. */
class ManualClient extends EnvelopeClient {
  readonly delivered: Array<{ envelope: RequestEnvelope; answer: (reply: Reply) => void; cancelled: AbortSignal }> = [];

  protected deliver(envelope: RequestEnvelope, cancelled: AbortSignal): Promise<Reply> {
    return new Promise((answer) => this.delivered.push({ envelope, answer, cancelled }));
  }

  unwrap<T>(): T {
    return this as unknown as T;
  }
}

const envelope = (deadlineInMs: number): RequestEnvelope => ({
  ...systemContext('req', 't'),
  id: 'r1',
  type: 'campaigns.echo',
  deadline: Date.now() + deadlineInMs,
  data: { n: 1 },
});

const send = (client: EnvelopeClient, e: RequestEnvelope) => lastValueFrom(client.send(e.type, e), { defaultValue: undefined });

describe('EnvelopeClient (the ClientProxy of every request transport)', () => {
  it("emits the handler's answer and completes", async () => {
    const client = new ManualClient();
    const answer = send(client, envelope(1000));
    await new Promise((resolve) => setImmediate(resolve));
    client.delivered[0]!.answer({ ok: true, data: { echo: 1 } });
    await expect(answer).resolves.toEqual({ echo: 1 });
    expect(client.delivered[0]!.cancelled.aborted).toBe(true);
  });

  it('errors with the AppError the handler threw, decoded', async () => {
    const client = new ManualClient();
    const answer = send(client, envelope(1000));
    await new Promise((resolve) => setImmediate(resolve));
    client.delivered[0]!.answer({ ok: false, error: encodeError(new NotFoundError('campaign', 'x')) });
    const error = await answer.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'not_found' });
  });

  it('errors with DEADLINE_EXCEEDED at the deadline, cancels the delivery, and ignores a later reply', async () => {
    const client = new ManualClient();
    const started = Date.now();
    const error = await send(client, envelope(50)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(client.delivered[0]!.cancelled.aborted).toBe(true);
    expect(() => client.delivered[0]!.answer({ ok: true, data: 'late' })).not.toThrow();
  });

  it('cancels the delivery when the caller unsubscribes', async () => {
    const client = new ManualClient();
    const e = envelope(1000);
    const subscription = client.send(e.type, e).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    subscription.unsubscribe();
    expect(client.delivered[0]!.cancelled.aborted).toBe(true);
  });

  it('refuses emit(): events leave a service through its outbox', async () => {
    const client = new ManualClient();
    await expect(lastValueFrom(client.emit('campaign.created', {}))).rejects.toThrow(/outbox/);
  });
});
