import { describe, expect, it } from '@jest/globals';
import { AppError, ConflictError, ValidationError, type Tenant } from '#common';
import { scheduleStatus } from '#messaging';
import { Campaign } from './campaign.js';
import { CampaignEvent } from './event.js';
import { Schedule } from './schedule.js';

const tenant = 'mall-a' as Tenant;
const at = (iso: string) => new Date(iso);
const window = (start: string, end: string) => Schedule.of(at(start), at(end));

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('no error');
}

const blackFriday = () => Campaign.create({ tenant, name: 'Black Friday', schedule: window('2026-11-27T00:00:00Z', '2026-11-30T00:00:00Z') });

describe('Schedule', () => {
  it('needs end strictly after start (400 on endDate)', () => {
    for (const [s, e] of [['2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'], ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z']]) {
      const error = caught(() => window(s!, e!));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.details.errors).toEqual([{ field: 'endDate', message: 'must be after startDate' }]);
    }
  });

  it('contains a window inside it, bounds included', () => {
    const outer = window('2026-11-27T00:00:00Z', '2026-11-30T00:00:00Z');
    expect(outer.contains(window('2026-11-27T00:00:00Z', '2026-11-30T00:00:00Z'))).toBe(true);
    expect(outer.contains(window('2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z'))).toBe(true);
    expect(outer.contains(window('2026-11-26T23:59:59Z', '2026-11-29T00:00:00Z'))).toBe(false);
    expect(outer.contains(window('2026-11-28T00:00:00Z', '2026-11-30T00:00:00.001Z'))).toBe(false);
  });

  it('replaces one bound and re-checks the order', () => {
    const s = window('2026-11-27T00:00:00Z', '2026-11-30T00:00:00Z');
    expect(s.with({ endDate: '2026-12-01T00:00:00.000Z' }).end.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(caught(() => s.with({ startDate: '2026-12-01T00:00:00.000Z' })).code).toBe('VALIDATION_FAILED');
    expect(caught(() => s.with({ startDate: 'soon' })).details.errors?.[0]?.field).toBe('startDate');
  });
});

describe('status: half-open window', () => {
  const s = { startDate: '2026-11-27T00:00:00.000Z', endDate: '2026-11-30T00:00:00.000Z' };
  it('is upcoming before start, live from start until before end, ended from end on', () => {
    expect(scheduleStatus(s, Date.parse('2026-11-26T23:59:59.999Z'))).toBe('upcoming');
    expect(scheduleStatus(s, Date.parse('2026-11-27T00:00:00.000Z'))).toBe('live');
    expect(scheduleStatus(s, Date.parse('2026-11-29T23:59:59.999Z'))).toBe('live');
    expect(scheduleStatus(s, Date.parse('2026-11-30T00:00:00.000Z'))).toBe('ended');
  });
});

describe('Campaign', () => {
  it('starts at version 1 with a null description when none is given', () => {
    const c = blackFriday();
    expect(c.version).toBe(1);
    expect(c.description).toBeNull();
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names are 1–200 characters, not blank', () => {
    expect(caught(() => Campaign.create({ tenant, name: '', schedule: blackFriday().schedule })).details.errors?.[0]?.field).toBe('name');
    expect(caught(() => Campaign.create({ tenant, name: '   ', schedule: blackFriday().schedule })).code).toBe('VALIDATION_FAILED');
    expect(caught(() => Campaign.create({ tenant, name: 'x'.repeat(201), schedule: blackFriday().schedule })).code).toBe('VALIDATION_FAILED');
    expect(Campaign.create({ tenant, name: 'x'.repeat(200), schedule: blackFriday().schedule }).name).toHaveLength(200);
    expect(Campaign.create({ tenant, name: '🎉'.repeat(200), schedule: blackFriday().schedule }).name).toBe('🎉'.repeat(200));
    const c = blackFriday();
    expect(caught(() => c.rename('y'.repeat(201))).code).toBe('VALIDATION_FAILED');
  });

  it('describes and clears the description', () => {
    const c = blackFriday();
    c.describe('Deals everywhere');
    expect(c.description).toBe('Deals everywhere');
    c.describe(null);
    expect(c.description).toBeNull();
    expect(c.changed).toEqual(['description']);
  });

  it('reschedules when every event still fits, and records what changed', () => {
    const c = blackFriday();
    const e = CampaignEvent.create(c, { name: 'Opening', schedule: window('2026-11-27T10:00:00Z', '2026-11-27T12:00:00Z') });
    c.reschedule(window('2026-11-27T09:00:00Z', '2026-11-28T00:00:00Z'), [e]);
    expect(c.schedule.end.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(c.changed).toEqual(['schedule']);
  });

  it('refuses a reschedule that leaves events outside, naming them (409)', () => {
    const c = blackFriday();
    const inside = CampaignEvent.create(c, { name: 'Inside', schedule: window('2026-11-27T10:00:00Z', '2026-11-27T12:00:00Z') });
    const late = CampaignEvent.create(c, { name: 'Late', schedule: window('2026-11-29T10:00:00Z', '2026-11-29T12:00:00Z') });
    const error = caught(() => c.reschedule(window('2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z'), [inside, late]));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('EVENTS_OUTSIDE_CAMPAIGN');
    expect(error.details.eventIds).toEqual([late.id]);
    expect(error.message).toContain(late.id);
    expect(c.schedule.end.toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('makes one new version per committed edit, however many fields changed', () => {
    const c = blackFriday();
    c.rename('Cyber Monday');
    c.describe('x');
    c.commit();
    expect(c.version).toBe(2);
  });
});

describe('CampaignEvent', () => {
  it('must lie inside its campaign (409 EVENT_OUTSIDE_CAMPAIGN)', () => {
    const c = blackFriday();
    const error = caught(() => CampaignEvent.create(c, { name: 'Early', schedule: window('2026-11-26T10:00:00Z', '2026-11-27T12:00:00Z') }));
    expect(error.code).toBe('EVENT_OUTSIDE_CAMPAIGN');
    expect(error.kind).toBe('conflict');
    expect(error.details.campaignEventId).toBe(c.id);
  });

  it('is rescheduled only inside the window', () => {
    const c = blackFriday();
    const e = CampaignEvent.create(c, { name: 'Show', schedule: window('2026-11-27T10:00:00Z', '2026-11-27T12:00:00Z') });
    expect(caught(() => e.reschedule(window('2026-11-29T10:00:00Z', '2026-11-30T12:00:00Z'), c)).code).toBe('EVENT_OUTSIDE_CAMPAIGN');
    e.reschedule(window('2026-11-29T10:00:00Z', '2026-11-30T00:00:00Z'), c);
    expect(e.changed).toEqual(['schedule']);
    expect(e.campaignId).toBe(c.id);
    expect(e.tenant).toBe(tenant);
  });

  it('checks its name like a campaign', () => {
    const c = blackFriday();
    expect(caught(() => CampaignEvent.create(c, { name: 'x'.repeat(201), schedule: c.schedule })).details.errors?.[0]?.field).toBe('name');
  });
});
