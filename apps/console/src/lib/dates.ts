import { DateTime } from 'luxon';

/** An instant as the tenant's staff read it, in the tenant's zone. */
export function formatInstant(iso: string | null | undefined, zone: string, format = 'ccc d LLL yyyy, HH:mm'): string {
  if (!iso) return '—';
  return DateTime.fromISO(iso, { zone }).toFormat(format);
}

/** The value of a `datetime-local` input showing `iso` in `zone`. */
export function toLocalInput(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

export type LocalTime =
  | { kind: 'empty' }
  | { kind: 'invalid' }
  | { kind: 'gap'; message: string }
  | { kind: 'ok'; iso: string; note?: string };

/**
 * A wall-clock time typed in a `datetime-local` field, read in the tenant's zone the way the API
 * reads it: every offset the zone uses around that day is tried and kept when the zone really has
 * it then. None: a daylight-saving gap (the time does not exist there). Two: an overlap, where
 * the earlier instant is meant (the API picks the same).
 */
export function readLocalInput(value: string, zone: string): LocalTime {
  if (!value) return { kind: 'empty' };
  const wall = DateTime.fromISO(value, { zone: 'UTC' });
  if (!wall.isValid) return { kind: 'invalid' };
  const offsets = new Set([-1, 0, 1].map((days) => wall.plus({ days }).setZone(zone, { keepLocalTime: true }).offset));
  const instants = [...offsets]
    .map((offset) => wall.minus({ minutes: offset }))
    .filter((instant) => instant.setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm") === wall.toFormat("yyyy-LL-dd'T'HH:mm"))
    .sort((a, b) => a.toMillis() - b.toMillis());
  if (instants.length === 0) {
    const after = wall.setZone(zone, { keepLocalTime: true }).toFormat('HH:mm');
    return {
      kind: 'gap',
      message: `${wall.toFormat('HH:mm')} does not exist on ${wall.toFormat('d LLLL yyyy')} in ${zone}: the clocks jump forward (the nearest later time is ${after}).`,
    };
  }
  const iso = instants[0].toUTC().toISO({ suppressMilliseconds: true })!;
  const note = instants.length > 1 ? `${wall.toFormat('HH:mm')} happens twice on ${wall.toFormat('d LLLL')} in ${zone} (the clocks go back); the first one is meant.` : undefined;
  return { kind: 'ok', iso, note };
}
