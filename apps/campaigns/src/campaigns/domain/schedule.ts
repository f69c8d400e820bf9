import { ValidationError } from '#common';

/**
 * A period of time: `[start, end)`, half-open, end strictly after start. Campaigns and events
 * both have one; an event's must lie inside its campaign's.
 */
export class Schedule {
  private constructor(
    readonly start: Date,
    readonly end: Date,
  ) {}

  static of(start: Date, end: Date): Schedule {
    for (const [field, value] of [['startDate', start], ['endDate', end]] as const) {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw ValidationError.field(field, 'must be a date-time');
    }
    if (end.getTime() <= start.getTime()) throw ValidationError.field('endDate', 'must be after startDate');
    return new Schedule(start, end);
  }

  /** Reads the instants the gateway sends (ISO 8601 in UTC). */
  static parse(startDate: string, endDate: string): Schedule {
    return Schedule.of(instant(startDate, 'startDate'), instant(endDate, 'endDate'));
  }

  /** This schedule with either bound replaced (a PATCH may name only one of them). */
  with(change: { startDate?: string; endDate?: string }): Schedule {
    return Schedule.of(
      change.startDate === undefined ? this.start : instant(change.startDate, 'startDate'),
      change.endDate === undefined ? this.end : instant(change.endDate, 'endDate'),
    );
  }

  contains(other: Schedule): boolean {
    return this.start.getTime() <= other.start.getTime() && other.end.getTime() <= this.end.getTime();
  }

  equals(other: Schedule): boolean {
    return this.start.getTime() === other.start.getTime() && this.end.getTime() === other.end.getTime();
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: string, field: string): Date {
  const date = typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw ValidationError.field(field, 'must be an ISO 8601 date-time with an offset');
  return date;
}
