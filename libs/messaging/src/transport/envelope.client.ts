import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { DeadlineExceededError } from '#common';
import type { Reply, RequestEnvelope } from '../envelope.js';
import { decodeError } from '../error-codec.js';

/**
 * The caller's side of every request transport, as a Nest ClientProxy: `send(type, envelope)`
 * is an Observable that emits the handler's answer and completes, or errors with the AppError
 * the handler threw (decoded by the codec), or with DEADLINE_EXCEEDED at the envelope's
 * deadline: the one timer of a request, whatever the transport. Transports differ only in how
 * an envelope reaches a server and its reply comes back (`deliver`).
 *
 * `emit()` is refused on purpose: a domain event leaves a service only through its
 * transactional outbox (UnitOfWork), so an event exists if and only if its write committed.
 */
/**
 * The reason a request's signal is aborted with once its caller stops waiting. Without one,
 * every `abort()` builds a DOMException with its stack (1.4 % of the CPU of a cache miss).
 */
const STOPPED_WAITING = 'the caller stopped waiting';

export abstract class EnvelopeClient extends ClientProxy {
  /** Resolves with the reply; `cancelled` aborts when the caller stopped waiting (deadline or unsubscribe). */
  protected abstract deliver(envelope: RequestEnvelope, cancelled: AbortSignal): Promise<Reply>;

  connect(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    // Connections belong to RedisService or to the process; nothing of the client's own to close.
  }

  protected publish(packet: ReadPacket<RequestEnvelope>, callback: (packet: WritePacket) => void): () => void {
    const envelope = packet.data;
    const waiting = new AbortController();
    const settle = (answer: WritePacket) => {
      if (waiting.signal.aborted) return;
      clearTimeout(timer);
      waiting.abort(STOPPED_WAITING);
      callback(answer);
    };
    const timer = setTimeout(
      () => settle({ err: new DeadlineExceededError(`No replica answered ${envelope.type} in time.`) }),
      Math.max(0, envelope.deadline - Date.now()),
    );
    this.deliver(envelope, waiting.signal).then(
      (reply) => settle(reply.ok ? { response: reply.data, isDisposed: true } : { err: decodeError(reply.error) }),
      (error: unknown) => settle({ err: error }),
    );
    return () => {
      clearTimeout(timer);
      waiting.abort(STOPPED_WAITING);
    };
  }

  protected dispatchEvent(packet: ReadPacket): Promise<never> {
    return Promise.reject(new Error(`${String(packet.pattern)}: domain events are published through the outbox (UnitOfWork), not emitted by a client.`));
  }
}
