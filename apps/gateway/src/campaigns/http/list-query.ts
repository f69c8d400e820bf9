import { FieldError, parseLimit, queryParam, ValidationError } from '#common';
import { SCHEDULE_STATUSES, type ListRequest, type ScheduleStatus } from '#messaging';

export const Q_MAX = 200;

/**
 * A list's query string: `status`, `q`, `limit`, `cursor` (opaque; the service decodes it with
 * the platform's cursor codec). Read by hand rather than by a DTO because unknown parameters
 * (the apps' cache-busters) must be ignored, not refused. Each parameter is read by the
 * platform's one rule (present means validated; repeated is 400), and the errors are collected
 * so one answer names every bad parameter.
 */
export function listRequest(query: Record<string, unknown>, allowStatus = true): ListRequest {
  const errors: FieldError[] = [];
  const read = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...(error.details.errors ?? []));
      return undefined;
    }
  };
  const request: ListRequest = { limit: read(() => parseLimit(queryParam(query, 'limit'))) ?? 0 };
  const cursor = read(() => queryParam(query, 'cursor'));
  if (cursor !== undefined) request.cursor = cursor;
  const q = read(() => queryParam(query, 'q'));
  if (q !== undefined) {
    if (q.length > Q_MAX || q.includes('\u0000')) errors.push({ field: 'q', message: `must be at most ${Q_MAX} characters, without NUL` });
    else if (q !== '') request.q = q;
  }
  const status = allowStatus ? read(() => queryParam(query, 'status')) : undefined;
  if (status !== undefined) {
    if ((SCHEDULE_STATUSES as readonly string[]).includes(status)) request.status = status as ScheduleStatus;
    else errors.push({ field: 'status', message: `must be one of ${SCHEDULE_STATUSES.join(', ')}` });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return request;
}
