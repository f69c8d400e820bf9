import { CronExpressionParser } from 'cron-parser';
import { ValidationError } from '#common';

/** Runs of one schedule are never closer than this (a schedule is not a job queue). */
export const MIN_RUN_INTERVAL_MS = 60_000;

/** What a schedule's timing is made of; `id` seeds cron-parser's `H` so it means one minute for good. */
export interface Timing {
  id: string;
  cron: string;
  timezone: string;
}

/**
 * The schedule's next run strictly after `after`, its cron (5 fields) read in its IANA time zone.
 * Daylight-saving changes follow the zone's wall clock.
 */
export function nextRun(timing: Timing, after: Date): Date {
  return CronExpressionParser.parse(timing.cron, { tz: timing.timezone, currentDate: after, hashSeed: timing.id }).next().toDate();
}

/**
 * The run that follows one due at `dueAt`: after `now` (runs missed while nothing ran make no
 * burst), and at least MIN_RUN_INTERVAL_MS after `dueAt` whatever the stored cron says (a
 * schedule stored before crons were limited to 5 fields may still have a seconds field).
 */
export function runAfter(timing: Timing, dueAt: Date, now: Date): Date {
  return nextRun(timing, new Date(Math.max(now.getTime(), dueAt.getTime() + MIN_RUN_INTERVAL_MS - 1)));
}

const FIVE_FIELDS = /^\S+(\s+\S+){4}$/;

/**
 * A cron of exactly 5 fields (minute hour day-of-month month day-of-week): with no seconds
 * field, consecutive runs are at least a minute apart. cron-parser also takes a seconds field
 * and nicknames (`@secondly` is every second); neither is a schedule here.
 */
export function checkSchedule(cron: unknown, timezone: unknown): void {
  const errors: { field: string; message: string }[] = [];
  if (typeof timezone !== 'string' || !isZone(timezone)) errors.push({ field: 'timezone', message: 'must be an IANA time zone such as Europe/Istanbul' });
  if (typeof cron !== 'string' || cron.length > 200 || !FIVE_FIELDS.test(cron.trim())) {
    errors.push({ field: 'cron', message: 'must be a cron expression of 5 fields: minute hour day-of-month month day-of-week (e.g. 0 9 * * 1); no seconds field, no @nicknames' });
  } else if (errors.length === 0) {
    try {
      nextRun({ id: 'check', cron, timezone: timezone as string }, new Date());
    } catch (error) {
      errors.push({ field: 'cron', message: `is not a valid cron expression (${(error as Error).message})` });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
