import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createTenant, staffToken, tenantWithCredentials, uniqueSlug, type TenantCredentials } from '../harness/auth.js';
import { EVENT_KEYS, expectProblem, inDays, outbox } from '../harness/campaigns.js';
import { Product } from '../harness/product.js';

/** `/v1/events`: every endpoint, the window rules, tenant isolation, dates and concurrency. */
describe('events (/v1/events)', () => {
  let product: Product;
  let a: TenantCredentials;
  let b: TenantCredentials;
  let base: number;
  let campaign: { id: string; startDate: string; endDate: string };
  const at = (days: number) => inDays(days, base);

  const post = (headers: Record<string, string>, body: Record<string, unknown>) => product.request('POST', '/v1/events', { headers, body });
  const event = (overrides: Record<string, unknown> = {}) => ({ campaignEventId: campaign.id, name: 'Concert', startDate: at(11), endDate: at(12), ...overrides });
  const createOk = async (overrides: Record<string, unknown> = {}, headers = a.headers.editor) => {
    const res = await post(headers, event(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    product = await Product.start();
    [a, b] = await Promise.all([tenantWithCredentials(product), tenantWithCredentials(product)]);
    base = Date.now();
    const res = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: { name: 'Festival', startDate: at(10), endDate: at(20) } });
    expect(res.status).toBe(201);
    campaign = res.body;
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  describe('POST', () => {
    it('creates an event in its campaign: 201, Location, ETag, the event shape', async () => {
      const res = await post(a.headers.editor, event({ description: 'Open air' }));
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(EVENT_KEYS);
      expect(res.body).toMatchObject({ campaignEventId: campaign.id, name: 'Concert', description: 'Open air', startDate: at(11), endDate: at(12), status: 'upcoming', version: 1 });
      expect(res.headers.get('location')).toBe(`/v1/events/${res.body.id}`);
      expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
      const got = await product.get(`/v1/events/${res.body.id}`, a.headers.apiKey);
      expect(got.body).toEqual(res.body);
      expect(got.headers.get('etag')).toBe(res.headers.get('etag'));
      expect((await outbox(product, [res.body.id])).map((e) => [e.type, e.aggregate_version])).toEqual([['event.created', 1]]);
    });

    it('accepts an event exactly as long as its campaign (bounds included)', async () => {
      expect((await createOk({ startDate: campaign.startDate, endDate: campaign.endDate })).startDate).toBe(campaign.startDate);
    });

    it('refuses an event outside its campaign window: 409 EVENT_OUTSIDE_CAMPAIGN', async () => {
      for (const [s, e] of [[9, 11], [19, 21], [5, 6], [9, 21]]) {
        const res = await post(a.headers.editor, event({ startDate: at(s!), endDate: at(e!) }));
        expectProblem(res, 409, 'EVENT_OUTSIDE_CAMPAIGN');
        expect(res.body).toMatchObject({ campaignEventId: campaign.id, campaignStartDate: campaign.startDate, campaignEndDate: campaign.endDate });
      }
    });

    it('answers 404 for an unknown campaignEventId, or another tenant\'s; 400 for a malformed one', async () => {
      expectProblem(await post(a.headers.editor, event({ campaignEventId: '00000000-0000-4000-8000-000000000000' })), 404, 'NOT_FOUND');
      expectProblem(await post(b.headers.editor, event()), 404, 'NOT_FOUND');
      expectProblem(await post(a.headers.editor, event({ campaignEventId: 'abc' })), 400, 'VALIDATION_FAILED', 'campaignEventId');
      expectProblem(await post(a.headers.editor, event({ campaignEventId: undefined })), 400, 'VALIDATION_FAILED', 'campaignEventId');
    });

    it('refuses bad fields with 400 naming them', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [event({ name: '' }), 'name'],
        [event({ name: 'x'.repeat(201) }), 'name'],
        [event({ startDate: at(12), endDate: at(11) }), 'endDate'],
        [event({ startDate: '2030-01-01T10:00:00' }), 'startDate'],
        [event({ endDate: '2030-01-01' }), 'endDate'],
        [event({ extra: true }), 'extra'],
      ];
      for (const [body, field] of cases) expectProblem(await post(a.headers.editor, body), 400, 'VALIDATION_FAILED', field);
    });

    it('lets only editors write', async () => {
      expectProblem(await post({}, event()), 401, 'UNAUTHENTICATED');
      expectProblem(await post(a.headers.apiKey, event()), 403, 'FORBIDDEN');
      expectProblem(await post(a.headers.viewer, event()), 403, 'FORBIDDEN');
    });

    it('reads legacy dates in the tenant zone: a gap is 400, an overlap the earlier instant', async () => {
      const slug = uniqueSlug('berlin');
      await createTenant(product, slug, 'Europe/Berlin');
      const editor = bearer(await staffToken({ tenant: slug, roles: ['editor'] }));
      const c = await product.request('POST', '/v1/campaign-events', { headers: editor, body: { name: 'Clock change', startDate: '2026/03/28 00:00:00', endDate: '2026/10/26 00:00:00' } });
      expect(c.body.startDate).toBe('2026-03-27T23:00:00.000Z');
      const gap = await post(editor, { campaignEventId: c.body.id, name: 'Gap', startDate: '2026/03/29 01:00:00', endDate: '2026/03/29 02:15:00' });
      expectProblem(gap, 400, 'VALIDATION_FAILED', 'endDate');
      const overlap = await post(editor, { campaignEventId: c.body.id, name: 'Overlap', startDate: '2026/10/25 02:00:00', endDate: '2026/10/25 02:59:59' });
      expect(overlap.status).toBe(201);
      expect([overlap.body.startDate, overlap.body.endDate]).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T00:59:59.000Z']);
      const patched = await product.request('PATCH', `/v1/events/${overlap.body.id}`, { headers: editor, body: { startDate: '2026/03/29 02:30:00' } });
      expectProblem(patched, 400, 'VALIDATION_FAILED', 'startDate');
    });
  });

  describe('GET one', () => {
    it('answers 400 malformed, 404 unknown and 404 for another tenant\'s', async () => {
      const e = await createOk();
      expect((await product.get(`/v1/events/${e.id}`, a.headers.viewer)).status).toBe(200);
      expectProblem(await product.get('/v1/events/zzz', a.headers.apiKey), 400, 'VALIDATION_FAILED', 'id');
      expectProblem(await product.get('/v1/events/00000000-0000-4000-8000-000000000000', a.headers.apiKey), 404, 'NOT_FOUND');
      expectProblem(await product.get(`/v1/events/${e.id}`, b.headers.apiKey), 404, 'NOT_FOUND');
      expectProblem(await product.get(`/v1/events/${e.id}`), 401, 'UNAUTHENTICATED');
    });
  });

  describe('PATCH', () => {
    it('renames, describes and reschedules inside the window, one version per PATCH', async () => {
      const e = await createOk();
      const res = await product.request('PATCH', `/v1/events/${e.id}`, { headers: { ...a.headers.editor, 'if-match': (await product.get(`/v1/events/${e.id}`, a.headers.editor)).headers.get('etag')! }, body: { name: 'Late show', description: 'Encore', startDate: at(15), endDate: at(16) } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Late show', description: 'Encore', startDate: at(15), endDate: at(16), version: 2, campaignEventId: campaign.id });
      const cleared = await product.request('PATCH', `/v1/events/${e.id}`, { headers: a.headers.editor, body: { description: null } });
      expect(cleared.body).toMatchObject({ description: null, version: 3 });
      const updates = await outbox(product, [e.id]);
      expect(updates.map((x) => [x.type, x.aggregate_version])).toEqual([['event.created', 1], ['event.updated', 2], ['event.updated', 3]]);
    });

    it('refuses a reschedule outside the campaign (409), a move to another campaign (400), stale If-Match (412)', async () => {
      const e = await createOk();
      const patch = (body: unknown, headers = a.headers.editor, id = e.id) => product.request('PATCH', `/v1/events/${id}`, { headers, body });
      expectProblem(await patch({ endDate: at(21) }), 409, 'EVENT_OUTSIDE_CAMPAIGN');
      expectProblem(await patch({ startDate: at(9) }), 409, 'EVENT_OUTSIDE_CAMPAIGN');
      expectProblem(await patch({ campaignEventId: campaign.id }), 400, 'VALIDATION_FAILED', 'campaignEventId');
      expectProblem(await patch({ name: 'x', campaignEventId: '00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED', 'campaignEventId');
      expectProblem(await patch({ startDate: at(12) }), 400, 'VALIDATION_FAILED', 'endDate');
      expectProblem(await patch({}), 400, 'VALIDATION_FAILED', 'body');
      expectProblem(await patch({ name: 'x' }, { ...a.headers.editor, 'if-match': `"${e.id}:9:upcoming"` }), 412, 'PRECONDITION_FAILED');
      expectProblem(await patch({ name: 'x' }, { ...a.headers.editor, 'if-match': `W/"${e.id}:1:upcoming"` }), 412, 'PRECONDITION_FAILED');
      expectProblem(await patch({ name: 'x' }, b.headers.editor), 404, 'NOT_FOUND');
      expectProblem(await patch({ name: 'x' }, a.headers.apiKey), 403, 'FORBIDDEN');
      expectProblem(await patch({ name: 'x' }, a.headers.editor, 'nope'), 400, 'VALIDATION_FAILED', 'id');
      expect((await product.get(`/v1/events/${e.id}`, a.headers.editor)).body).toMatchObject({ version: 1, name: 'Concert', campaignEventId: campaign.id });
      const ok = await patch({ name: 'Matched' }, { ...a.headers.editor, 'if-match': `"${e.id}:1:upcoming"` });
      expect(ok.body.version).toBe(2);
    });

    it('loses no edit under parallel PATCHes', async () => {
      const e = await createOk();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => product.request('PATCH', `/v1/events/${e.id}`, { headers: a.headers.editor, body: i % 2 ? { name: `n${i}` } : { description: `d${i}` } })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
      expect(results.map((r) => r.body.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
      expect((await product.get(`/v1/events/${e.id}`, a.headers.editor)).body.version).toBe(13);
    });
  });

  describe('DELETE', () => {
    it('deletes (204) with If-Match or without; stale 412; then 404; another tenant\'s 404', async () => {
      const e = await createOk();
      const etag = (await product.get(`/v1/events/${e.id}`, a.headers.editor)).headers.get('etag')!;
      expectProblem(await product.request('DELETE', `/v1/events/${e.id}`, { headers: b.headers.editor }), 404, 'NOT_FOUND');
      expectProblem(await product.request('DELETE', `/v1/events/${e.id}`, { headers: a.headers.viewer }), 403, 'FORBIDDEN');
      await product.request('PATCH', `/v1/events/${e.id}`, { headers: a.headers.editor, body: { name: 'Changed' } });
      expectProblem(await product.request('DELETE', `/v1/events/${e.id}`, { headers: { ...a.headers.editor, 'if-match': etag } }), 412, 'PRECONDITION_FAILED');
      expect((await product.request('DELETE', `/v1/events/${e.id}`, { headers: a.headers.editor })).status).toBe(204);
      expectProblem(await product.get(`/v1/events/${e.id}`, a.headers.editor), 404, 'NOT_FOUND');
      expectProblem(await product.request('DELETE', `/v1/events/${e.id}`, { headers: a.headers.editor }), 404, 'NOT_FOUND');
      expectProblem(await product.request('DELETE', '/v1/events/1', { headers: a.headers.editor }), 400, 'VALIDATION_FAILED', 'id');
      expect((await outbox(product, [e.id])).map((x) => [x.type, x.aggregate_version])).toEqual([['event.created', 1], ['event.updated', 2], ['event.deleted', 3]]);
    });
  });

  describe('GET /v1/events/live', () => {
    it('lists the tenant\'s events live now across campaigns, paged, by startDate then id', async () => {
      const t = await tenantWithCredentials(product);
      const now = Date.now();
      const c1 = await product.request('POST', '/v1/campaign-events', { headers: t.headers.editor, body: { name: 'C1', startDate: inDays(-5, now), endDate: inDays(5, now) } });
      const c2 = await product.request('POST', '/v1/campaign-events', { headers: t.headers.editor, body: { name: 'C2', startDate: inDays(-5, now), endDate: inDays(5, now) } });
      const specs: [string, string, number, number][] = [
        [c1.body.id, 'Live B', -1, 1], [c2.body.id, 'Live A', -2, 1], [c1.body.id, 'Over', -3, -2], [c2.body.id, 'Soon', 1, 2], [c1.body.id, 'Live C', -0.5, 0.5],
      ];
      for (const [id, name, s, e] of specs) {
        expect((await post(t.headers.editor, { campaignEventId: id, name, startDate: inDays(s, now), endDate: inDays(e, now) })).status).toBe(201);
      }
      const first = await product.get('/v1/events/live?limit=2&_=1', t.headers.apiKey);
      expect(first.status).toBe(200);
      expect(first.body.items.map((e: { name: string; status: string }) => [e.name, e.status])).toEqual([['Live A', 'live'], ['Live B', 'live']]);
      const second = await product.get(`/v1/events/live?limit=2&cursor=${first.body.nextCursor}`, t.headers.apiKey);
      expect(second.body).toMatchObject({ items: [{ name: 'Live C' }], nextCursor: null });
      expect((await product.get('/v1/events/live?q=live%20c', t.headers.apiKey)).body.items.map((e: { name: string }) => e.name)).toEqual(['Live C']);
      expect((await product.get('/v1/events/live', b.headers.apiKey)).body.items).toEqual([]);
      expectProblem(await product.get('/v1/events/live?limit=500', t.headers.apiKey), 400, 'VALIDATION_FAILED', 'limit');
      expectProblem(await product.get('/v1/events/live?cursor=abc', t.headers.apiKey), 400, 'VALIDATION_FAILED', 'cursor');
      expectProblem(await product.get('/v1/events/live'), 401, 'UNAUTHENTICATED');
    });
  });

  it('a campaign reschedule waits for concurrent event writes and never leaves one outside', async () => {
    const c = await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: { name: 'Race', startDate: at(30), endDate: at(40) } });
    const writes = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => post(a.headers.editor, { campaignEventId: c.body.id, name: `late ${i}`, startDate: at(38), endDate: at(39) })),
      product.request('PATCH', `/v1/campaign-events/${c.body.id}`, { headers: a.headers.editor, body: { endDate: at(35) } }),
    ]);
    const events = (await product.get(`/v1/campaign-events/${c.body.id}/events`, a.headers.editor)).body.items;
    const final = (await product.get(`/v1/campaign-events/${c.body.id}`, a.headers.editor)).body;
    for (const e of events) expect(Date.parse(e.endDate)).toBeLessThanOrEqual(Date.parse(final.endDate));
    expect(writes.every((r) => [200, 201, 409].includes(r.status))).toBe(true);
  });
});
