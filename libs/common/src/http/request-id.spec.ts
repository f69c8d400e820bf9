import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { isUuid } from '../ids/index.js';
import { requestIdOf } from './request-id.js';

const raw = (headers: Record<string, string | string[] | undefined>) => ({ headers }) as unknown as IncomingMessage & { id?: string };

describe('requestIdOf', () => {
  it("keeps the caller's X-Request-Id when it is safe to log, and stores it on the raw request", () => {
    const request = raw({ 'x-request-id': 'app-7.retry:2' });
    expect(requestIdOf(request)).toBe('app-7.retry:2');
    expect(request.id).toBe('app-7.retry:2');
  });

  it('makes a new UUID for a missing, repeated or unsafe one', () => {
    for (const headers of [{}, { 'x-request-id': ['a', 'b'] }, { 'x-request-id': 'no spaces <script>' }, { 'x-request-id': 'x'.repeat(129) }]) {
      const request = raw(headers);
      const id = requestIdOf(request);
      expect(isUuid(id)).toBe(true);
      expect(request.id).toBe(id);
    }
  });

  it('never repeats a generated id (it is the idempotency key of a create sent without one)', () => {
    const ids = new Set(Array.from({ length: 100_000 }, () => requestIdOf(raw({}))));
    expect(ids.size).toBe(100_000);
  });
});
