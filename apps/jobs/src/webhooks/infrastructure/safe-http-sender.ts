import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { JobsConfig } from '../../jobs.config.js';
import { WebhookSender } from '../application/webhook-sender.port.js';
import { blockedAddressReason, ipLiteral } from '../domain/address-policy.js';
import { AttemptErrorCodes, type AttemptOutcome } from '../domain/delivery-policy.js';
import { webhookUrlProblem } from '../domain/webhook-url.js';

/** The most of a response body read; then the connection is destroyed (the status is kept). */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** What the log keeps of a response body. */
const SNIPPET_BYTES = 512;

class BlockedAddress extends Error {
  readonly code = 'EWEBHOOKBLOCKED';
}

/**
 * A lookup that refuses what a webhook may not reach, at connect time: every address the name
 * resolves to is checked (DNS rebinding cannot swap a private address in after a check made
 * earlier, since this is the lookup the socket connects with).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '');
      const blocked = allowPrivate ? null : addresses.map((a) => blockedAddressReason(a.address)).find((reason) => reason !== null);
      if (blocked) return callback(new BlockedAddress(`${hostname} resolves to ${blocked}`), '');
      if (options.all) return callback(null, addresses);
      const [chosen] = addresses;
      if (!chosen) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, chosen.address, chosen.family);
    });
  }) as LookupFunction;
}

/**
 * Sends webhook attempts with Node's http/https and no agent (a connection per attempt, so
 * each is checked): the resolved address is refused when private or reserved (unless
 * WEBHOOKS_ALLOW_PRIVATE), a literal IP in the URL is checked before connecting (no lookup
 * happens for it), redirects are never followed (a 3xx is an outcome like any other), the
 * whole attempt is bounded by WEBHOOKS_TIMEOUT_MS, and at most MAX_RESPONSE_BYTES of the body
 * are read.
 */
@Injectable()
export class SafeHttpSender extends WebhookSender {
  constructor(private readonly config: JobsConfig) {
    super();
  }

  send(target: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const allowPrivate = this.config.webhooksAllowPrivate;
    // No lookup happens for an IP literal: it is checked here.
    const literal = URL.canParse(target) ? ipLiteral(new URL(target).hostname) : null;
    const blocked = literal && !allowPrivate ? blockedAddressReason(literal) : null;
    if (blocked) return Promise.resolve({ latencyMs: 0, error: { code: AttemptErrorCodes.addressBlocked, message: blocked } });
    const problem = webhookUrlProblem(target, { httpsOnly: this.config.webhooksHttpsOnly, allowPrivate });
    if (problem) return Promise.resolve({ latencyMs: 0, error: { code: AttemptErrorCodes.invalidUrl, message: `The URL ${problem}.` } });
    const url = new URL(target);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<AttemptOutcome, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ latencyMs: elapsed(), ...outcome });
        request.destroy();
      };
      const request = client.request(url, {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(allowPrivate),
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      const timer = setTimeout(() => finish({ error: { code: AttemptErrorCodes.timeout, message: `No complete answer within ${this.config.WEBHOOKS_TIMEOUT_MS} ms.` } }), this.config.WEBHOOKS_TIMEOUT_MS);
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof BlockedAddress) finish({ error: { code: AttemptErrorCodes.addressBlocked, message: error.message } });
        else finish({ error: { code: AttemptErrorCodes.connection, message: `${error.code ?? 'ERROR'}: ${error.message}`.slice(0, 500) } });
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const retryAfter = header(response.headers['retry-after']);
        const done = () => {
          const all = Buffer.concat(chunks);
          finish({ status: response.statusCode, snippet: all.subarray(0, SNIPPET_BYTES).toString('utf8'), ...(retryAfter !== undefined ? { retryAfter } : {}) });
        };
        response.on('data', (chunk: Buffer) => {
          if (size < SNIPPET_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) done();
        });
        response.on('end', done);
        response.on('error', done);
        response.on('aborted', done);
        response.on('close', done);
      });
      request.end(body);
    });
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
