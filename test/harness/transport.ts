import { lastValueFrom } from 'rxjs';
import { encodeError, type EnvelopeClient, type Reply, type RequestEnvelope } from '#messaging';

/** Sends one envelope through a transport's client and answers what crossed it, as a Reply. */
export function replyOf(client: EnvelopeClient, envelope: RequestEnvelope): Promise<Reply> {
  return lastValueFrom(client.send(envelope.type, envelope), { defaultValue: undefined }).then(
    (data) => ({ ok: true, data }),
    (error: unknown) => ({ ok: false, error: encodeError(error) }),
  );
}
