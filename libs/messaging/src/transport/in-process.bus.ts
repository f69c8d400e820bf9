import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError } from '#common';
import type { Reply, RequestEnvelope } from '../envelope.js';
import { encodeError } from '../error-codec.js';
import { EnvelopeClient } from './envelope.client.js';
import { MessageServer } from './message.server.js';

/**
 * The in-process transport of the monolith: the servers of this process, and the client that
 * hands them envelopes. Every envelope and reply is copied through JSON, as the Redis transport
 * serialises it, so a handler behaves the same in both runtimes.
 */
@Injectable()
export class InProcessBus {
  private readonly servers = new Set<MessageServer>();

  attach(server: MessageServer): void {
    this.servers.add(server);
  }

  detach(server: MessageServer): void {
    this.servers.delete(server);
  }

  async request(envelope: RequestEnvelope): Promise<Reply> {
    const server = [...this.servers].find((s) => s.handles(envelope.type));
    if (!server) {
      return { ok: false, error: encodeError(new ServiceUnavailableError(`No service answers ${envelope.type}.`)) };
    }
    return copy(await server.handleRequestEnvelope(copy(envelope)));
  }
}

@Injectable()
export class InProcessClient extends EnvelopeClient {
  constructor(private readonly bus: InProcessBus) {
    super();
  }

  protected deliver(envelope: RequestEnvelope): Promise<Reply> {
    return this.bus.request(envelope);
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}

export class InProcessServer extends MessageServer {
  constructor(private readonly bus: InProcessBus) {
    super();
  }

  listen(callback: () => void): void {
    this.bus.attach(this);
    callback();
  }

  close(): void {
    this.bus.detach(this);
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}

function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
