import { describe, expect, it } from '@jest/globals';
import { calendarEntries, moved } from './calendar-entries';

const campaign = {
  id: 'c1',
  name: 'Spring sale',
  description: null,
  startDate: '2026-03-27T09:00:00.000Z', // 10:00 in Amsterdam (CET)
  endDate: '2026-03-30T16:00:00.000Z', // 18:00 (CEST)
  status: 'upcoming' as const,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('calendar entries', () => {
  it('draws a campaign over the days it touches in the tenant zone, the end day exclusive', () => {
    const [entry] = calendarEntries([campaign], [], 'Europe/Amsterdam', true);
    expect(entry).toMatchObject({ allDay: true, start: '2026-03-27', end: '2026-03-31', editable: true });
  });

  it('does not add a day when the campaign ends at midnight', () => {
    const [entry] = calendarEntries([{ ...campaign, endDate: '2026-03-29T22:00:00.000Z' }], [], 'Europe/Amsterdam', false);
    expect(entry).toMatchObject({ end: '2026-03-30', editable: false });
  });

  it('keeps events timed and names their campaign', () => {
    const event = { ...campaign, id: 'e1', name: 'Party', campaignEventId: 'c1' };
    const entries = calendarEntries([campaign], [event], 'Europe/Amsterdam', true);
    expect(entries[1]).toMatchObject({ id: 'e1', start: event.startDate, title: 'Party · event of Spring sale' });
  });
});

describe('moved (a drag in the tenant zone)', () => {
  it('keeps wall-clock times when a drag crosses a DST change', () => {
    // 27 March 10:00 CET → 28 March 10:00 CET; 30 March 18:00 CEST → 31 March 18:00 CEST
    expect(moved(campaign, 'Europe/Amsterdam', { days: 1 })).toEqual({ startDate: '2026-03-28T09:00:00.000Z', endDate: '2026-03-31T16:00:00.000Z' });
    // Across the change: 28 March 10:00 CET + 2 days = 30 March 10:00 CEST (08:00 UTC)
    expect(moved({ ...campaign, startDate: '2026-03-28T09:00:00.000Z' }, 'Europe/Amsterdam', { days: 2 }).startDate).toBe('2026-03-30T08:00:00.000Z');
  });

  it('moves only the end on a resize', () => {
    expect(moved(campaign, 'Europe/Amsterdam', {}, { days: -1 })).toEqual({ startDate: campaign.startDate, endDate: '2026-03-29T16:00:00.000Z' });
  });
});
