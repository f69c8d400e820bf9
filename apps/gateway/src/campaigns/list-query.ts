import { ValidationError } from '#common';
import { SCHEDULE_STATUSES, type ListRequest, type ScheduleStatus } from '#messaging';

export const LIMIT_DEFAULT = 50;
export const LIMIT_MAX = 200;
export const Q_MAX = 200;

/**
 * A list's query string: `status`, `q`, `limit` (1–200, default 50), `cursor` (opaque; the
 * service decodes it and answers 400 on a bad one). Read by hand rather than by a DTO because
 * unknown parameters (the apps' cache-busters) must be ignored, not refused. Errors are
 * collected so one answer names every bad parameter.
 */
export function listRequest(query: Record<string, unknown>, allowStatus = true): ListRequest {
  const errors: { field: string; message: string }[] = [];
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      errors.push({ field: name, message: 'must be given once' });
      return undefined;
    }
    return value;
  };
  const request: ListRequest = { limit: LIMIT_DEFAULT };
  const limit = one('limit');
  if (limit !== undefined) {
    if (/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= LIMIT_MAX) request.limit = Number(limit);
    else errors.push({ field: 'limit', message: `must be an integer from 1 to ${LIMIT_MAX}` });
  }
  const cursor = one('cursor');
  if (cursor !== undefined) request.cursor = cursor;
  const q = one('q');
  if (q !== undefined) {
    if (q.length > Q_MAX || q.includes('\u0000')) errors.push({ field: 'q', message: `must be at most ${Q_MAX} characters, without NUL` });
    else if (q !== '') request.q = q;
  }
  if (allowStatus) {
    const status = one('status');
    if (status !== undefined) {
      if ((SCHEDULE_STATUSES as readonly string[]).includes(status)) request.status = status as ScheduleStatus;
      else errors.push({ field: 'status', message: `must be one of ${SCHEDULE_STATUSES.join(', ')}` });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return request;
}
