import { describe, expect, it } from '@jest/globals';
import { distinctValues, filterAudit, isFiltered, NO_FILTER, outcomeOf } from './audit-filter';

const entries = [
  { actor: 'staff:alice@mall', action: 'POST /v1/campaign-events', resourceType: 'campaign-event', status: 201 },
  { actor: 'staff:bob@mall', action: 'DELETE /v1/campaign-events/:id', resourceType: 'campaign-event', status: 412 },
  { actor: 'api-key:0196', action: 'POST /v1/jobs', resourceType: 'job', status: 403 },
  { actor: 'anonymous', action: 'POST /v1/jobs', resourceType: null, status: 401 },
];

describe('the audit page\'s filters (applied to the loaded pages)', () => {
  it('keeps everything without a filter', () => {
    expect(filterAudit(entries, NO_FILTER)).toEqual(entries);
    expect(isFiltered(NO_FILTER)).toBe(false);
  });

  it('filters by action, resource type, part of the actor (any case) and outcome, together', () => {
    expect(filterAudit(entries, { ...NO_FILTER, action: 'POST /v1/jobs' }).map((entry) => entry.actor)).toEqual(['api-key:0196', 'anonymous']);
    expect(filterAudit(entries, { ...NO_FILTER, resourceType: 'campaign-event' })).toHaveLength(2);
    expect(filterAudit(entries, { ...NO_FILTER, actor: ' ALICE ' }).map((entry) => entry.actor)).toEqual(['staff:alice@mall']);
    expect(filterAudit(entries, { ...NO_FILTER, outcome: 'refused' })).toHaveLength(3);
    expect(filterAudit(entries, { ...NO_FILTER, resourceType: 'campaign-event', outcome: 'accepted' }).map((entry) => entry.status)).toEqual([201]);
    expect(isFiltered({ ...NO_FILTER, actor: 'x' })).toBe(true);
  });

  it('tells accepted writes from refused ones by status', () => {
    expect([200, 201, 204, 304, 400, 409, 500].map(outcomeOf)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'refused', 'refused', 'refused']);
  });

  it('offers each loaded value once, sorted, without nulls', () => {
    expect(distinctValues(entries, (entry) => entry.resourceType)).toEqual(['campaign-event', 'job']);
    expect(distinctValues(entries, (entry) => entry.action)).toEqual(['DELETE /v1/campaign-events/:id', 'POST /v1/campaign-events', 'POST /v1/jobs']);
  });
});
