import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';

export type CronPreview = { kind: 'empty' } | { kind: 'invalid'; message: string } | { kind: 'ok'; runs: string[]; note?: string };

const FIVE_FIELDS = /^\S+(\s+\S+){4}$/;

/**
 * The next runs of a schedule's cron read in `zone`, as the server reads it (cron-parser, 5
 * fields: minute hour day-of-month month day-of-week; no seconds field, no @nicknames), as ISO
 * instants in UTC. What the server would refuse is explained instead.
 */
export function cronPreview(expression: string, zone: string, count = 5, now = new Date()): CronPreview {
  const cron = expression.trim();
  if (!cron) return { kind: 'empty' };
  if (!IANAZone.isValidZone(zone)) return { kind: 'invalid', message: `"${zone}" is not an IANA time zone (such as Europe/Istanbul).` };
  if (cron.startsWith('@')) return { kind: 'invalid', message: 'Nicknames such as @daily are not accepted: write the 5 fields (e.g. 0 0 * * * for daily at midnight).' };
  if (!FIVE_FIELDS.test(cron)) {
    const fields = cron.split(/\s+/).length;
    return { kind: 'invalid', message: `A schedule's cron has exactly 5 fields (minute hour day-of-month month day-of-week), e.g. 0 9 * * 1; this one has ${fields}.` };
  }
  try {
    const runs = CronExpressionParser.parse(cron, { tz: zone, currentDate: now })
      .take(count)
      .map((run) => run.toDate().toISOString());
    // The server seeds H with the schedule's id, which exists only once it is created.
    const note = /H/.test(cron) ? 'H stands for a value the server picks from the schedule\'s id once it is created: these runs only show the pattern.' : undefined;
    return { kind: 'ok', runs, note };
  } catch (error) {
    return { kind: 'invalid', message: `Not a valid cron expression: ${error instanceof Error ? error.message : String(error)}.` };
  }
}
