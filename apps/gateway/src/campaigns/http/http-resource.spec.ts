import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { CampaignData } from '#messaging';
import { campaignPageRepresentation, campaignRepresentation } from './http-resource.js';

const campaign: CampaignData = {
  id: '01a22af9-7bcd-7081-a136-29c8468eed17',
  name: 'Kış indirimi ☃',
  description: null,
  startDate: '2026-11-01T00:00:00.000Z',
  endDate: '2026-12-01T00:00:00.000Z',
  version: 3,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-02T00:00:00.000Z',
};
const now = Date.parse('2026-11-15T00:00:00.000Z');

describe('representations of cached reads', () => {
  it('are the UTF-8 bytes of the JSON answer, with status judged at `now`', () => {
    const { body, etag } = campaignRepresentation(campaign, now);
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(JSON.parse(body.toString('utf8'))).toEqual({ ...campaign, status: 'live' });
    expect(etag).toBe(`"${campaign.id}:3:live"`);
  });

  it("tag a list with a hash of exactly the bytes answered", () => {
    const { body, etag } = campaignPageRepresentation({ items: [campaign], nextCursor: null }, now);
    expect(JSON.parse(body.toString('utf8'))).toEqual({ items: [{ ...campaign, status: 'live' }], nextCursor: null });
    expect(etag).toBe(`"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`);
    expect(campaignPageRepresentation({ items: [campaign], nextCursor: null }, Date.parse('2026-12-02T00:00:00.000Z')).etag).not.toBe(etag);
  });
});
