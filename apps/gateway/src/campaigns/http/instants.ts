import { IANAZone } from 'luxon';
import { ValidationError } from '#common';

/**
 * Reads a date-time as the API takes it, into an instant (Dates, ARCHITECTURE.md):
 * - ISO 8601 with an offset, `Z` or `±hh:mm` (seconds and milliseconds optional);
 * - the legacy `yyyy/MM/dd HH:mm:ss`, read in the tenant's IANA time zone. A wall-clock time
 *   that does not exist there (a daylight-saving gap) is refused; one that exists twice (an
 *   overlap) is the earlier instant.
 * Anything else (ISO without an offset, a date alone, impossible fields such as 02-30 or 24:00)
 * is refused with a 400 naming the field.
 *
 * This happens at the edge because that is where the tenant's zone is known; the service then
 * only ever sees instants. The zone rules come from luxon's IANAZone (the platform's ICU data);
 * the gap and overlap decisions are made here, explicitly, instead of relying on the library's
 * own choice (luxon shifts gap times forward and picks either side of an overlap depending on
 * the zone).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;
const LEGACY = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function parseInstant(value: unknown, field: string, timeZone: string | null | undefined): Date {
  if (typeof value !== 'string') throw ValidationError.field(field, 'must be a string date-time');
  const iso = ISO.exec(value);
  if (iso) {
    const wall = wallClock(iso.slice(1, 8), field);
    const offsetMinutes = iso[8] === 'Z' ? 0 : offsetOf(iso[9]!, iso[10]!, iso[11]!, field);
    return new Date(asUtc(wall) - offsetMinutes * 60_000);
  }
  const legacy = LEGACY.exec(value);
  if (legacy) return inZone(wallClock(legacy.slice(1, 7), field), zoneOf(timeZone), field);
  throw ValidationError.field(
    field,
    'must be an ISO 8601 date-time with an offset (e.g. 2026-11-27T09:00:00+01:00 or ...Z) or yyyy/MM/dd HH:mm:ss in the tenant time zone',
  );
}

/** The instant a wall-clock time names in a zone: the earlier one in an overlap; none in a gap. */
export function inZone(wall: WallClock, zone: IANAZone, field: string): Date {
  const local = asUtc(wall);
  const offsets = new Set([-1, 0, 1].map((days) => zone.offset(local + days * 86_400_000)));
  // Offsets around that day: a candidate instant is valid when the zone's offset there is the one assumed.
  const candidates = [...offsets]
    .map((offset) => local - offset * 60_000)
    .filter((instant) => zone.offset(instant) * 60_000 === local - instant)
    .sort((a, b) => a - b);
  if (candidates.length === 0) {
    throw ValidationError.field(field, `does not exist in time zone ${zone.name} (a daylight-saving gap)`);
  }
  return new Date(candidates[0]!);
}

function zoneOf(timeZone: string | null | undefined): IANAZone {
  const zone = IANAZone.create(timeZone || 'UTC');
  return zone.isValid ? zone : IANAZone.create('UTC');
}

function wallClock(parts: (string | undefined)[], field: string): WallClock {
  const [year, month, day, hour, minute, second = '0', ms = '0'] = parts;
  const wall: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: Number(ms.padEnd(3, '0')),
  };
  const probe = new Date(asUtc(wall));
  const exists =
    probe.getUTCFullYear() === wall.year &&
    probe.getUTCMonth() + 1 === wall.month &&
    probe.getUTCDate() === wall.day &&
    probe.getUTCHours() === wall.hour &&
    probe.getUTCMinutes() === wall.minute &&
    probe.getUTCSeconds() === wall.second;
  if (!exists || wall.year < 1) throw ValidationError.field(field, 'is not a valid calendar date and time');
  return wall;
}

function offsetOf(sign: string, hours: string, minutes: string, field: string): number {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 23 || m > 59) throw ValidationError.field(field, 'has an invalid UTC offset');
  return (sign === '-' ? -1 : 1) * (h * 60 + m);
}

function asUtc(w: WallClock): number {
  const date = new Date(0);
  date.setUTCFullYear(w.year, w.month - 1, w.day);
  date.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return date.getTime();
}
