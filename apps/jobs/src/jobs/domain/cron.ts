import { CronExpressionParser } from 'cron-parser';
import { ValidationError } from '#common';

/**
 * A schedule's cron expression (5 fields, or 6 with seconds first) read in an IANA time zone:
 * the next run strictly after `after`. Daylight-saving changes follow the zone's wall clock.
 */
export function nextRun(cron: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate: after }).next().toDate();
}

export function checkSchedule(cron: unknown, timezone: unknown): void {
  const errors: { field: string; message: string }[] = [];
  if (typeof timezone !== 'string' || !isZone(timezone)) errors.push({ field: 'timezone', message: 'must be an IANA time zone such as Europe/Istanbul' });
  if (typeof cron !== 'string' || cron.length > 200 || cron.trim().split(/\s+/).length < 5 || cron.trim().split(/\s+/).length > 6) {
    errors.push({ field: 'cron', message: 'must be a cron expression of 5 fields (or 6, seconds first)' });
  } else if (errors.length === 0) {
    try {
      nextRun(cron, timezone as string, new Date());
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
