import { DEFAULT_LIMIT, MAX_LIMIT, PreconditionFailedError, ValidationError } from '#common';
import { SCHEDULE_STATUSES, type ChangeRequest, type ListRequest, type ScheduleStatus } from '#messaging';
import { decodeCursor } from './keyset-cursor.js';
import type { ListFilter } from './scheduled-item-store.port.js';

/*
 * Checks of what reaches the service over the transport. The gateway checks the same first
 * (and answers with the same errors); the service checks again because it trusts no caller
 * with its invariants, and a malformed id must answer 400, never a database error (ids:
 * requireUuid from libs/common).
 */

/** A PATCH that changes nothing is a client error, not a new version. */
export function requireSomeChange(input: ChangeRequest): void {
  if (!input.rename && !input.describe && !input.reschedule) {
    throw ValidationError.field('body', 'must set at least one of name, description, startDate, endDate');
  }
}

export const Q_MAX = 200;

export function listFilter(request: Partial<ListRequest>, now = new Date()): ListFilter {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw ValidationError.field('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  const status = request.status;
  if (status !== undefined && !SCHEDULE_STATUSES.includes(status as ScheduleStatus)) {
    throw ValidationError.field('status', `must be one of ${SCHEDULE_STATUSES.join(', ')}`);
  }
  const q = request.q;
  if (q !== undefined && (typeof q !== 'string' || q.length > Q_MAX || q.includes('\u0000'))) {
    throw ValidationError.field('q', `must be a string of at most ${Q_MAX} characters, without NUL`);
  }
  return { limit, status, q, after: decodeCursor(request.cursor), now };
}

/**
 * `If-Match`: no expected versions means any version will do; otherwise the current one must
 * be among them (an empty list never matches: the client named another resource's ETag).
 */
export function checkPrecondition(current: number, expectedVersions: number[] | undefined): void {
  if (expectedVersions === undefined) return;
  if (!expectedVersions.includes(current)) throw new PreconditionFailedError();
}
