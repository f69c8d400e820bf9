import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createApiKey, createTenant, staffToken, tenantWithCredentials, uniqueSlug, type TenantCredentials } from '../harness/auth.js';
import { CAMPAIGN_KEYS, expectProblem, inDays, outbox } from '../harness/campaigns.js';
import { Product } from '../harness/product.js';

/** `/v1/campaign-events`: every endpoint, each rule's refusal, tenant isolation, dates, concurrency. */
describe('campaigns (/v1/campaign-events)', () => {
  let product: Product;
  let a: TenantCredentials; // Europe/Istanbul (no daylight saving)
  let b: TenantCredentials;
  let berlin: { editor: Record<string, string> };

  const create = (headers: Record<string, string>, body: Record<string, unknown>) => product.request('POST', '/v1/campaign-events', { headers, body });
  const campaign = (overrides: Record<string, unknown> = {}) => ({ name: 'Black Friday', startDate: inDays(10), endDate: inDays(14), ...overrides });
  const createOk = async (headers: Record<string, string>, overrides: Record<string, unknown> = {}) => {
    const res = await create(headers, campaign(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    product = await Product.start();
    [a, b] = await Promise.all([tenantWithCredentials(product), tenantWithCredentials(product)]);
    const slug = uniqueSlug('berlin');
    await createTenant(product, slug, 'Europe/Berlin');
    berlin = { editor: bearer(await staffToken({ tenant: slug, roles: ['editor'] })) };
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  describe('POST', () => {
    it('creates: 201 with the campaign, Location and a strong ETag', async () => {
      const body = campaign({ name: 'Opening week', startDate: '2030-05-01T10:00:00+02:00', endDate: '2030-05-08T10:00:00Z' });
      const res = await create(a.headers.editor, body);
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(CAMPAIGN_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        name: 'Opening week',
        description: null,
        startDate: '2030-05-01T08:00:00.000Z',
        endDate: '2030-05-08T10:00:00.000Z',
        status: 'upcoming',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.headers.get('location')).toBe(`/v1/campaign-events/${res.body.id}`);
      expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
      const got = await product.get(`/v1/campaign-events/${res.body.id}`, a.headers.apiKey);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
      expect(got.headers.get('etag')).toBe(res.headers.get('etag'));
    });

    it('keeps a description and answers status live / ended by the half-open window', async () => {
      const live = await createOk(a.headers.editor, { description: 'Deals', startDate: inDays(-1), endDate: inDays(1) });
      expect(live).toMatchObject({ description: 'Deals', status: 'live' });
      const ended = await createOk(a.headers.editor, { startDate: inDays(-3), endDate: inDays(-1) });
      expect(ended.status).toBe('ended');
    });

    it('refuses bad bodies with 400 naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [campaign({ name: '' }), 'name'],
        [campaign({ name: 'x'.repeat(201) }), 'name'],
        [campaign({ name: '   ' }), 'name'],
        [campaign({ name: 42 }), 'name'],
        [{ startDate: inDays(1), endDate: inDays(2) }, 'name'],
        [campaign({ startDate: undefined }), 'startDate'],
        [campaign({ colour: 'red' }), 'colour'],
        [campaign({ startDate: inDays(2), endDate: inDays(1) }), 'endDate'],
        [campaign({ startDate: '2030-05-01T10:00:00.000Z', endDate: '2030-05-01T10:00:00.000Z' }), 'endDate'],
        [campaign({ startDate: '2030-05-01T10:00:00' }), 'startDate'],
        [campaign({ endDate: '2030-05-01' }), 'endDate'],
        [campaign({ startDate: '2030-02-30T10:00:00Z' }), 'startDate'],
        [campaign({ description: 5 }), 'description'],
        [campaign({ name: 'nul\u0000name' }), 'name'],
        [campaign({ description: 'nul\u0000' }), 'description'],
        [campaign({ startDate: '+275760-09-13T00:00:00.000Z' }), 'startDate'],
      ];
      for (const [body, field] of cases) expectProblem(await create(a.headers.editor, body), 400, 'VALIDATION_FAILED', field);
      expect((await createOk(a.headers.editor, { name: 'x'.repeat(200) })).name).toHaveLength(200);
    });

    it('refuses malformed JSON, a non-object body and other content types', async () => {
      expectProblem(await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: '{"name":' }), 400, 'MALFORMED_JSON');
      expectProblem(await product.request('POST', '/v1/campaign-events', { headers: a.headers.editor, body: '[1]' }), 400, 'VALIDATION_FAILED');
      const text = await product.request('POST', '/v1/campaign-events', { headers: { ...a.headers.editor, 'content-type': 'text/plain' }, body: 'hello' });
      expectProblem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('lets only editors write: 401 without credentials, 403 for an API key, a viewer or ops', async () => {
      expectProblem(await create({}, campaign()), 401, 'UNAUTHENTICATED');
      expectProblem(await create(a.headers.apiKey, campaign()), 403, 'FORBIDDEN');
      expectProblem(await create(a.headers.viewer, campaign()), 403, 'FORBIDDEN');
      expectProblem(await create(a.headers.ops, campaign()), 403, 'FORBIDDEN');
      expect((await create(a.headers.admin, campaign())).status).toBe(201);
    });
  });

  describe('dates', () => {
    it('reads the legacy format in the tenant time zone', async () => {
      const winter = await createOk(berlin.editor, { startDate: '2030/01/10 10:00:00', endDate: '2030/07/10 10:00:00' });
      expect(winter.startDate).toBe('2030-01-10T09:00:00.000Z'); // CET
      expect(winter.endDate).toBe('2030-07-10T08:00:00.000Z'); // CEST
      const istanbul = await createOk(a.headers.editor, { startDate: '2030/01/10 10:00:00', endDate: '2030/01/11 10:00:00' });
      expect(istanbul.startDate).toBe('2030-01-10T07:00:00.000Z');
    });

    it('refuses a time in a daylight-saving gap (400) and reads an overlap as the earlier instant', async () => {
      const gap = await create(berlin.editor, campaign({ startDate: '2026/03/29 02:30:00', endDate: '2026/03/30 10:00:00' }));
      expectProblem(gap, 400, 'VALIDATION_FAILED', 'startDate');
      expect(gap.body.errors[0].message).toMatch(/Europe\/Berlin/);
      const overlap = await createOk(berlin.editor, { startDate: '2026/10/25 02:30:00', endDate: '2026/10/25 02:45:00' });
      expect(overlap.startDate).toBe('2026-10-25T00:30:00.000Z');
      expect(overlap.endDate).toBe('2026-10-25T00:45:00.000Z');
    });
  });

  describe('GET one', () => {
    it('answers 400 for a malformed id, 404 for an unknown one and for another tenant\'s', async () => {
      const mine = await createOk(a.headers.editor);
      expectProblem(await product.get('/v1/campaign-events/not-a-uuid', a.headers.apiKey), 400, 'VALIDATION_FAILED', 'id');
      expectProblem(await product.get('/v1/campaign-events/00000000-0000-4000-8000-000000000000', a.headers.apiKey), 404, 'NOT_FOUND');
      expectProblem(await product.get(`/v1/campaign-events/${mine.id}`, b.headers.apiKey), 404, 'NOT_FOUND');
      expectProblem(await product.get(`/v1/campaign-events/${mine.id}`, b.headers.admin), 404, 'NOT_FOUND');
      expect((await product.get(`/v1/campaign-events/${mine.id.toUpperCase()}`, a.headers.viewer)).body.id).toBe(mine.id);
      expectProblem(await product.get(`/v1/campaign-events/${mine.id}`), 401, 'UNAUTHENTICATED');
      expectProblem(await product.get(`/v1/campaign-events/${mine.id}`, a.headers.ops), 403, 'FORBIDDEN');
    });
  });

  describe('PATCH', () => {
    it('renames, describes and clears, each edit one new version and ETag', async () => {
      const c = await createOk(a.headers.editor, { description: 'old' });
      const renamed = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: a.headers.editor, body: { name: 'Cyber Monday' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Cyber Monday', description: 'old', version: 2, startDate: c.startDate });
      expect(renamed.headers.get('etag')).not.toBe(null);
      // A merge patch may say so in its media type (RFC 7396).
      const cleared = await product.request('PATCH', `/v1/campaign-events/${c.id}`, {
        headers: { ...a.headers.editor, 'if-match': renamed.headers.get('etag')!, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ description: null }),
      });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ name: 'Cyber Monday', description: null, version: 3 });
      expect(cleared.headers.get('etag')).not.toBe(renamed.headers.get('etag'));
      const both = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: { ...a.headers.editor, 'if-match': '*' }, body: { name: 'Both', description: 'new', endDate: inDays(20) } });
      expect(both.body).toMatchObject({ name: 'Both', description: 'new', version: 4 });
      const events = await outbox(product, [c.id]);
      expect(events.map((e) => [e.type, e.aggregate_version])).toEqual([['campaign.created', 1], ['campaign.updated', 2], ['campaign.updated', 3], ['campaign.updated', 4]]);
      expect(events[3]!.payload.changed.sort()).toEqual(['description', 'name', 'schedule']);
      expect(events[0]!.tenant).toBe(a.tenant.slug);
    });

    it('answers 412 for a stale If-Match and changes nothing', async () => {
      const c = await createOk(a.headers.editor);
      const first = await product.get(`/v1/campaign-events/${c.id}`, a.headers.editor);
      await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: a.headers.editor, body: { name: 'Newer' } });
      const stale = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: { ...a.headers.editor, 'if-match': first.headers.get('etag')! }, body: { name: 'Lost?' } });
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      const garbage = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: { ...a.headers.editor, 'if-match': '"nonsense"' }, body: { name: 'Lost?' } });
      expectProblem(garbage, 412, 'PRECONDITION_FAILED');
      // Not an entity tag at all (no quotes): a malformed request, not a stale one.
      for (const malformed of ['2', `${c.id}:2:upcoming`, '"unterminated']) {
        const res = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: { ...a.headers.editor, 'if-match': malformed }, body: { name: 'Lost?' } });
        expectProblem(res, 400, 'VALIDATION_FAILED', 'If-Match');
      }
      expect((await product.get(`/v1/campaign-events/${c.id}`, a.headers.editor)).body).toMatchObject({ name: 'Newer', version: 2 });
    });

    it('refuses bad changes: 400 for fields, end not after start, an empty patch; 404 unknown or another tenant\'s', async () => {
      const c = await createOk(a.headers.editor);
      const patch = (body: unknown, id = c.id, headers = a.headers.editor) => product.request('PATCH', `/v1/campaign-events/${id}`, { headers, body });
      expectProblem(await patch({ name: '' }), 400, 'VALIDATION_FAILED', 'name');
      expectProblem(await patch({ name: null }), 400, 'VALIDATION_FAILED', 'name');
      expectProblem(await patch({ startDate: null }), 400, 'VALIDATION_FAILED', 'startDate');
      expectProblem(await patch({ version: 7 }), 400, 'VALIDATION_FAILED', 'version');
      expectProblem(await patch({}), 400, 'VALIDATION_FAILED', 'body');
      expectProblem(await patch({ endDate: c.startDate }), 400, 'VALIDATION_FAILED', 'endDate');
      expectProblem(await patch({ startDate: '2030-01-01' }), 400, 'VALIDATION_FAILED', 'startDate');
      expectProblem(await patch({ name: 'x' }, 'nope'), 400, 'VALIDATION_FAILED', 'id');
      expectProblem(await patch({ name: 'x' }, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectProblem(await patch({ name: 'x' }, c.id, b.headers.editor), 404, 'NOT_FOUND');
      expectProblem(await patch({ name: 'x' }, c.id, a.headers.viewer), 403, 'FORBIDDEN');
      expect((await product.get(`/v1/campaign-events/${c.id}`, a.headers.editor)).body.version).toBe(1);
    });

    it('reschedules while every event fits; refuses (409) one that leaves events outside, naming them', async () => {
      const base = Date.now();
      const at = (days: number) => inDays(days, base);
      const c = await createOk(a.headers.editor, { startDate: at(10), endDate: at(20) });
      const early = await product.request('POST', '/v1/events', { headers: a.headers.editor, body: { campaignEventId: c.id, name: 'Early', startDate: at(11), endDate: at(12) } });
      const late = await product.request('POST', '/v1/events', { headers: a.headers.editor, body: { campaignEventId: c.id, name: 'Late', startDate: at(18), endDate: at(19) } });
      expect([early.status, late.status]).toEqual([201, 201]);
      const refused = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: a.headers.editor, body: { startDate: at(11.5), endDate: at(18.5) } });
      expectProblem(refused, 409, 'EVENTS_OUTSIDE_CAMPAIGN');
      expect(refused.body.eventIds.sort()).toEqual([early.body.id, late.body.id].sort());
      expect(refused.body.detail).toContain(early.body.id);
      const onlyEnd = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: a.headers.editor, body: { endDate: at(18.5) } });
      expectProblem(onlyEnd, 409, 'EVENTS_OUTSIDE_CAMPAIGN');
      expect(onlyEnd.body.eventIds).toEqual([late.body.id]);
      expect((await product.get(`/v1/campaign-events/${c.id}`, a.headers.editor)).body).toMatchObject({ version: 1, endDate: at(20) });
      const ok = await product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: a.headers.editor, body: { startDate: at(11), endDate: at(19) } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ startDate: at(11), endDate: at(19), version: 2 });
    });
  });

  describe('DELETE', () => {
    it('deletes a campaign and its events (204), with their domain events; then 404', async () => {
      const c = await createOk(a.headers.editor);
      const e = await product.request('POST', '/v1/events', { headers: a.headers.editor, body: { campaignEventId: c.id, name: 'Show', startDate: c.startDate, endDate: c.endDate } });
      expect(e.status).toBe(201);
      expectProblem(await product.request('DELETE', `/v1/campaign-events/${c.id}`, { headers: b.headers.editor }), 404, 'NOT_FOUND');
      expectProblem(await product.request('DELETE', `/v1/campaign-events/${c.id}`, { headers: a.headers.apiKey }), 403, 'FORBIDDEN');
      expectProblem(await product.request('DELETE', `/v1/campaign-events/${c.id}`, { headers: { ...a.headers.editor, 'if-match': `"${c.id}:7:upcoming"` } }), 412, 'PRECONDITION_FAILED');
      const del = await product.request('DELETE', `/v1/campaign-events/${c.id}`, { headers: { ...a.headers.editor, 'if-match': `"${c.id}:1:upcoming"` } });
      expect(del.status).toBe(204);
      expect(del.text).toBe('');
      expectProblem(await product.get(`/v1/campaign-events/${c.id}`, a.headers.editor), 404, 'NOT_FOUND');
      expectProblem(await product.get(`/v1/events/${e.body.id}`, a.headers.editor), 404, 'NOT_FOUND');
      expectProblem(await product.request('DELETE', `/v1/campaign-events/${c.id}`, { headers: a.headers.editor }), 404, 'NOT_FOUND');
      expectProblem(await product.request('DELETE', '/v1/campaign-events/123', { headers: a.headers.editor }), 400, 'VALIDATION_FAILED', 'id');
      const events = await outbox(product, [c.id, e.body.id]);
      expect(events.map((x) => [x.type, x.aggregate_id, x.aggregate_version])).toEqual([
        ['campaign.created', c.id, 1],
        ['event.created', e.body.id, 1],
        ['event.deleted', e.body.id, 2],
        ['campaign.deleted', c.id, 2],
      ]);
    });
  });

  describe('lists', () => {
    let t: TenantCredentials;
    const list = (query = '', headers?: Record<string, string>) => product.get(`/v1/campaign-events${query}`, headers ?? t.headers.apiKey);

    beforeAll(async () => {
      t = await tenantWithCredentials(product);
      const base = Date.now();
      const specs: [string, number, number][] = [
        ['Spring Sale', -10, -5], ['Summer SALE', -2, 3], ['Autumn fair', 5, 9], ['Winter sale 50%', -1, 1], ['Night market', 20, 21], ['Back to school', 30, 31],
      ];
      for (const [name, s, e] of specs) await createOk(t.headers.editor, { name, startDate: inDays(s, base), endDate: inDays(e, base) });
    });

    it('pages by startDate then id with an opaque cursor, stable under inserts', async () => {
      const all = await list('?limit=200');
      expect(all.status).toBe(200);
      expect(all.body.items.map((c: { name: string }) => c.name)).toEqual(['Spring Sale', 'Summer SALE', 'Winter sale 50%', 'Autumn fair', 'Night market', 'Back to school']);
      expect(all.body.nextCursor).toBeNull();
      const first = await list('?limit=2');
      expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['Spring Sale', 'Summer SALE']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      // Inserted before the cursor: it must not shift the next page.
      await createOk(t.headers.editor, { name: 'Inserted early', startDate: inDays(-20), endDate: inDays(-19) });
      const names: string[] = [];
      let cursor: string | null = first.body.nextCursor;
      while (cursor) {
        const page = await list(`?limit=2&cursor=${encodeURIComponent(cursor)}&_=${Math.random()}`);
        expect(page.status).toBe(200);
        names.push(...page.body.items.map((c: { name: string }) => c.name));
        cursor = page.body.nextCursor;
      }
      expect(names).toEqual(['Winter sale 50%', 'Autumn fair', 'Night market', 'Back to school']);
    });

    it('filters by status (judged now) and q (substring, any case, wildcards literal)', async () => {
      const names = async (query: string) => (await list(query)).body.items.map((c: { name: string }) => c.name);
      expect(await names('?status=live')).toEqual(['Summer SALE', 'Winter sale 50%']);
      expect(await names('?status=upcoming')).toEqual(['Autumn fair', 'Night market', 'Back to school']);
      expect(await names('?status=ended')).toEqual(expect.arrayContaining(['Spring Sale']));
      expect(await names('?q=SALE')).toEqual(['Spring Sale', 'Summer SALE', 'Winter sale 50%']);
      expect(await names('?q=50%25')).toEqual(['Winter sale 50%']);
      expect(await names('?q=_')).toEqual([]);
      expect(await names('?q=sale&status=live&limit=1')).toEqual(['Summer SALE']);
      expect(await names('?q=sale&status=live&limit=1&unknown=1&_=123')).toEqual(['Summer SALE']);
      const live = await product.get('/v1/campaign-events/live', t.headers.viewer);
      expect(live.body.items.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([['Summer SALE', 'live'], ['Winter sale 50%', 'live']]);
    });

    it('refuses a bad limit, cursor or status (400), and keeps tenants apart', async () => {
      for (const query of ['?limit=0', '?limit=201', '?limit=abc', '?limit=1.5', '?limit=-1', '?limit=1&limit=2']) {
        expectProblem(await list(query), 400, 'VALIDATION_FAILED', 'limit');
      }
      for (const query of ['?cursor=nope', '?cursor=eyJhIjoxfQ', '?cursor=%24%24']) expectProblem(await list(query), 400, 'VALIDATION_FAILED', 'cursor');
      expectProblem(await list('?status=soon'), 400, 'VALIDATION_FAILED', 'status');
      expectProblem(await list('?q=%00'), 400, 'VALIDATION_FAILED', 'q');
      expectProblem(await list(`?q=${'x'.repeat(201)}`), 400, 'VALIDATION_FAILED', 'q');
      expectProblem(await product.get('/v1/campaign-events/live?limit=0', t.headers.apiKey), 400, 'VALIDATION_FAILED', 'limit');
      const other = await list('?q=sale', b.headers.apiKey);
      expect(other.body.items).toEqual([]);
      expect((await list('?limit=1')).headers.get('vary')).toMatch(/Authorization/);
      expectProblem(await product.get('/v1/campaign-events'), 401, 'UNAUTHENTICATED');
    });

    it("lists a campaign's events (404 for an unknown or another tenant's campaign)", async () => {
      const c = await createOk(t.headers.editor, { name: 'With events', startDate: inDays(40), endDate: inDays(50) });
      for (const [name, s] of [['Second', 42], ['First', 41], ['Third', 43]] as const) {
        const r = await product.request('POST', '/v1/events', { headers: t.headers.editor, body: { campaignEventId: c.id, name, startDate: inDays(s), endDate: inDays(s + 0.5) } });
        expect(r.status).toBe(201);
      }
      const res = await product.get(`/v1/campaign-events/${c.id}/events?limit=2`, t.headers.apiKey);
      expect(res.status).toBe(200);
      expect(res.body.items.map((e: { name: string; campaignEventId: string }) => [e.name, e.campaignEventId])).toEqual([['First', c.id], ['Second', c.id]]);
      const rest = await product.get(`/v1/campaign-events/${c.id}/events?cursor=${res.body.nextCursor}`, t.headers.apiKey);
      expect(rest.body).toMatchObject({ items: [{ name: 'Third' }], nextCursor: null });
      expect((await product.get(`/v1/campaign-events/${c.id}/events?q=thi`, t.headers.apiKey)).body.items).toHaveLength(1);
      expectProblem(await product.get(`/v1/campaign-events/${c.id}/events`, b.headers.apiKey), 404, 'NOT_FOUND');
      expectProblem(await product.get('/v1/campaign-events/00000000-0000-4000-8000-000000000000/events', t.headers.apiKey), 404, 'NOT_FOUND');
      expectProblem(await product.get('/v1/campaign-events/x/events', t.headers.apiKey), 400, 'VALIDATION_FAILED', 'id');
    });
  });

  it('loses no edit under 20 parallel PATCHes without If-Match', async () => {
    const c = await createOk(a.headers.editor, { name: 'Start', description: 'start' });
    const patches = Array.from({ length: 20 }, (_, i) =>
      product.request('PATCH', `/v1/campaign-events/${c.id}`, { headers: a.headers.editor, body: i % 2 === 0 ? { name: `name-${i}` } : { description: `description-${i}` } }),
    );
    const results = await Promise.all(patches);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const versions = results.map((r) => r.body.version).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    // The last rename and the last describe to commit (highest version) are what remains.
    const last = (field: 'name' | 'description', parity: number) =>
      results.filter((_, i) => i % 2 === parity).sort((x, y) => y.body.version - x.body.version)[0]!.body[field];
    const final = await product.get(`/v1/campaign-events/${c.id}`, a.headers.editor);
    expect(final.body.version).toBe(21);
    expect(final.body.name).toBe(last('name', 0));
    expect(final.body.description).toBe(last('description', 1));
    // Each PATCH saw the one before it: the response of version N carries the other field as version N-1 left it.
    const byVersion = new Map(results.map((r) => [r.body.version, r.body]));
    for (let v = 3; v <= 21; v++) {
      const previous = byVersion.get(v - 1)!;
      const current = byVersion.get(v)!;
      const kept = current.name === previous.name || current.description === previous.description;
      expect(kept).toBe(true);
    }
    const updates = (await outbox(product, [c.id])).filter((e) => e.type === 'campaign.updated');
    expect(updates.map((e) => e.aggregate_version).sort((x, y) => x - y)).toEqual(versions);
  });

  it('turns upcoming into live with no write in between, however often it is read', async () => {
    const start = Date.now() + 2000;
    const c = await createOk(a.headers.editor, { name: 'Flash sale', startDate: new Date(start).toISOString(), endDate: new Date(start + 3_600_000).toISOString() });
    const path = `/v1/campaign-events/${c.id}`;
    const before = await product.get(path, a.headers.apiKey);
    expect(before.body.status).toBe('upcoming');
    for (let i = 0; i < 5; i++) expect((await product.get(path, a.headers.apiKey)).body.status).toBe('upcoming');
    expect((await product.get('/v1/campaign-events?status=upcoming&q=flash', a.headers.apiKey)).body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now()) + 50));
    const after = await product.get(path, a.headers.apiKey);
    expect(after.body).toMatchObject({ status: 'live', version: 1, updatedAt: c.updatedAt });
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await product.get('/v1/campaign-events/live', a.headers.apiKey)).body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await product.get('/v1/campaign-events?status=upcoming&q=flash', a.headers.apiKey)).body.items).toEqual([]);
  });

  it('reads with a tenant API key created for it', async () => {
    const key = await createApiKey(product, b.tenant.slug, 'second app');
    const res = await product.get('/v1/campaign-events?limit=1', { 'x-api-key': key.key });
    expect(res.status).toBe(200);
  });
});
