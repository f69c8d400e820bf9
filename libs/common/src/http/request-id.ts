import type { IncomingMessage } from 'node:http';
import { newId } from '../ids/index.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's request id generator: the caller's X-Request-Id when it is safe to log, else a new
 * UUID. It is stored on the raw request too, so every log line of the request carries the same id.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : newId();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}
