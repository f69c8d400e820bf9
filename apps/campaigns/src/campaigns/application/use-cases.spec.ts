import { describe, expect, it } from '@jest/globals';
import { AppError, PreconditionFailedError, type Page, type RequestContext, type Tenant } from '#common';
import { scheduleStatus, type DomainEvent, type StatusCounts, type Transaction, type UnitOfWork } from '#messaging';
import { Campaign, type CampaignState } from '../domain/campaign.js';
import { CampaignEvent, type EventState } from '../domain/event.js';
import { Schedule } from '../domain/schedule.js';
import type { ScheduledItem, ScheduledItemState } from '../domain/scheduled-item.js';
import type { CampaignStore } from './campaign-store.port.js';
import { ChangeCampaign } from './change-campaign.use-case.js';
import { ChangeEvent } from './change-event.use-case.js';
import { CountByStatus } from './count-by-status.use-case.js';
import { CreateCampaign } from './create-campaign.use-case.js';
import { CreateEvent } from './create-event.use-case.js';
import { DeleteCampaign } from './delete-campaign.use-case.js';
import { DeleteEvent } from './delete-event.use-case.js';
import type { EventStore } from './event-store.port.js';
import { GetCampaign } from './get-campaign.use-case.js';
import { GetEvent } from './get-event.use-case.js';
import { encodeCursor } from './keyset-cursor.js';
import { ListCampaignEvents } from './list-campaign-events.use-case.js';
import { ListCampaigns } from './list-campaigns.use-case.js';
import { ListLiveEvents } from './list-live-events.use-case.js';
import { NextScheduleBoundary } from './next-boundary.use-case.js';
import type { ScheduleSummary } from './schedule-summary.port.js';
import type { ListFilter, RowLock } from './scheduled-item-store.port.js';

// In-memory fakes of the ports: rows are kept as state snapshots per tenant, so a use case
// only ever sees copies, and a failed unit of work puts every row back (a rollback).

const MALL_A = 'mall-a' as Tenant;
const MALL_B = 'mall-b' as Tenant;
const DAY = 86_400_000;
const NOW = Date.now();
const UNKNOWN_ID = '0190d3f0-0000-7000-8000-000000000009';

const ctxOf = (tenant: string | null = MALL_A): RequestContext => ({ requestId: 'req-1', tenant, actor: { kind: 'api-key', id: 'key-1', roles: ['editor'] } });
const iso = (offsetDays: number) => new Date(NOW + offsetDays * DAY).toISOString();
const windowOf = (startDays: number, endDays: number) => Schedule.parse(iso(startDays), iso(endDays));

class MemoryStore<T extends ScheduledItem<S>, S extends ScheduledItemState & { campaignId?: string }> {
  rows = new Map<string, S>();
  filters: ListFilter[] = [];

  constructor(
    private readonly noun: string,
    private readonly restore: (state: S) => T,
    readonly locks: string[],
  ) {}

  async findById(tenant: Tenant, id: string, within?: { tx: Transaction; lock?: RowLock }): Promise<T | null> {
    if (within?.lock) this.locks.push(`${this.noun} ${within.lock}`);
    const state = this.rows.get(`${tenant}/${id}`);
    return state ? this.restore(state) : null;
  }

  async insert(_tx: Transaction, item: T): Promise<void> {
    this.rows.set(`${item.tenant}/${item.id}`, item.snapshot());
  }

  async update(_tx: Transaction, item: T, readVersion: number): Promise<void> {
    if (this.rows.get(`${item.tenant}/${item.id}`)?.version !== readVersion) throw new PreconditionFailedError();
    this.rows.set(`${item.tenant}/${item.id}`, item.snapshot());
  }

  async list(tenant: Tenant, filter: ListFilter, scope: { campaignId?: string } = {}): Promise<Page<T>> {
    this.filters.push(filter);
    const items = this.of(tenant)
      .filter((s) => scope.campaignId === undefined || s.campaignId === scope.campaignId)
      .filter((s) => !filter.status || scheduleStatus({ startDate: s.schedule.start, endDate: s.schedule.end }, filter.now.getTime()) === filter.status)
      .map(this.restore);
    return { items: items.slice(0, filter.limit), nextCursor: null };
  }

  of(tenant: Tenant): S[] {
    return [...this.rows.values()].filter((s) => s.tenant === tenant).sort((a, b) => a.schedule.start.getTime() - b.schedule.start.getTime());
  }
}

class MemoryCampaigns extends MemoryStore<Campaign, CampaignState> implements CampaignStore {
  async delete(_tx: Transaction, tenant: Tenant, id: string): Promise<void> {
    this.rows.delete(`${tenant}/${id}`);
  }
}

class MemoryEvents extends MemoryStore<CampaignEvent, EventState> implements EventStore {
  async ofCampaign(_tx: Transaction, tenant: Tenant, campaignId: string, lock?: RowLock): Promise<CampaignEvent[]> {
    if (lock) this.locks.push(`events of campaign ${lock}`);
    return this.of(tenant).filter((s) => s.campaignId === campaignId).map(CampaignEvent.restore);
  }

  async delete(_tx: Transaction, tenant: Tenant, ids: string[]): Promise<void> {
    for (const id of ids) this.rows.delete(`${tenant}/${id}`);
  }
}

class MemorySummary implements ScheduleSummary {
  asked: Array<{ tenant: Tenant; now: Date }> = [];
  constructor(
    private readonly boundary: Date | null = null,
    private readonly counts?: StatusCounts,
  ) {}

  async nextBoundary(tenant: Tenant, now: Date): Promise<Date | null> {
    this.asked.push({ tenant, now });
    return this.boundary;
  }

  async countByStatus(tenant: Tenant, now: Date): Promise<StatusCounts> {
    this.asked.push({ tenant, now });
    return this.counts!;
  }
}

/** Runs the work at once; keeps its events only if it succeeds, and rolls the stores back if not. */
class MemoryUnitOfWork {
  published: DomainEvent[] = [];
  constructor(private readonly stores: Array<{ rows: Map<string, unknown> }>) {}

  async run<T>(_ctx: RequestContext, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const before = this.stores.map((store) => new Map(store.rows));
    const events: DomainEvent[] = [];
    const tx = { manager: null, publish: async (event: DomainEvent) => void events.push(event) } as unknown as Transaction;
    try {
      const result = await work(tx);
      this.published.push(...events);
      return result;
    } catch (error) {
      this.stores.forEach((store, i) => (store.rows = before[i]!));
      throw error;
    }
  }
}

function world() {
  const locks: string[] = [];
  const campaigns = new MemoryCampaigns('campaign', Campaign.restore, locks);
  const events = new MemoryEvents('event', CampaignEvent.restore, locks);
  const uow = new MemoryUnitOfWork([campaigns, events]) as unknown as UnitOfWork & MemoryUnitOfWork;
  const seedCampaign = (tenant = MALL_A, schedule = windowOf(-10, 10)) => {
    const campaign = Campaign.create({ tenant, name: 'Black Friday', schedule });
    campaigns.rows.set(`${tenant}/${campaign.id}`, campaign.snapshot());
    return campaign;
  };
  const seedEvent = (campaign: Campaign, schedule = windowOf(-1, 1)) => {
    const event = CampaignEvent.create(campaign, { name: 'Opening', schedule });
    events.rows.set(`${campaign.tenant}/${event.id}`, event.snapshot());
    return event;
  };
  return { locks, campaigns, events, uow, seedCampaign, seedEvent };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => new Error('no error'), (e: unknown) => e);
  if (!(error instanceof AppError)) throw error;
  return error;
}

const stateOf = (store: { rows: Map<string, unknown> }) => [...store.rows.entries()];

describe('CreateCampaign', () => {
  it('stores a campaign of the caller tenant at version 1 and raises campaign.created with it', async () => {
    const w = world();
    const data = await new CreateCampaign(w.uow, w.campaigns).execute(ctxOf(), { name: 'Black Friday', description: 'Deals', startDate: iso(1), endDate: iso(2) });
    expect(data).toMatchObject({ name: 'Black Friday', description: 'Deals', startDate: iso(1), endDate: iso(2), version: 1 });
    expect(w.campaigns.of(MALL_A).map((s) => s.id)).toEqual([data.id]);
    expect(w.uow.published).toEqual([{ type: 'campaign.created', aggregateId: data.id, aggregateVersion: 1, payload: data }]);
  });

  it('refuses a principal without a tenant (403) and a window that ends before it starts (400)', async () => {
    const w = world();
    const create = new CreateCampaign(w.uow, w.campaigns);
    expect((await failure(create.execute(ctxOf(null), { name: 'x', startDate: iso(1), endDate: iso(2) }))).code).toBe('FORBIDDEN');
    const error = await failure(create.execute(ctxOf(), { name: 'x', startDate: iso(2), endDate: iso(1) }));
    expect(error.details.errors).toEqual([{ field: 'endDate', message: 'must be after startDate' }]);
    expect(w.campaigns.rows.size).toBe(0);
    expect(w.uow.published).toEqual([]);
  });
});

describe('GetCampaign and GetEvent', () => {
  it('answer the caller tenant’s item; another tenant’s is as unknown as one that never was (404)', async () => {
    const w = world();
    const campaign = w.seedCampaign();
    const event = w.seedEvent(campaign);
    const getCampaign = new GetCampaign(w.campaigns);
    const getEvent = new GetEvent(w.events);
    expect(await getCampaign.execute(ctxOf(), { id: campaign.id })).toMatchObject({ id: campaign.id, version: 1 });
    expect(await getEvent.execute(ctxOf(), { id: event.id })).toMatchObject({ id: event.id, campaignEventId: campaign.id });
    expect((await failure(getCampaign.execute(ctxOf(MALL_B), { id: campaign.id }))).code).toBe('NOT_FOUND');
    expect((await failure(getEvent.execute(ctxOf(MALL_B), { id: event.id }))).code).toBe('NOT_FOUND');
    expect((await failure(getCampaign.execute(ctxOf(), { id: UNKNOWN_ID }))).code).toBe('NOT_FOUND');
  });

  it('answer 400 on an id that is not a UUID, before any read', async () => {
    const w = world();
    const error = await failure(new GetEvent(w.events).execute(ctxOf(), { id: 'nope' }));
    expect(error.details.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });
});

describe('ListCampaigns', () => {
  it('lists the caller tenant’s campaigns with the status, q and cursor it was asked for', async () => {
    const w = world();
    const live = w.seedCampaign();
    w.seedCampaign(MALL_A, windowOf(5, 6));
    w.seedCampaign(MALL_B);
    const after = { startDate: new Date('2026-11-27T00:00:00.000Z'), id: UNKNOWN_ID };
    const page = await new ListCampaigns(w.campaigns).execute(ctxOf(), { status: 'live', q: 'Black', limit: 10, cursor: encodeCursor(after) });
    expect(page).toEqual({ items: [expect.objectContaining({ id: live.id })], nextCursor: null });
    expect(w.campaigns.filters[0]).toMatchObject({ status: 'live', q: 'Black', limit: 10, after });
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 201 }],
    ['limit', { limit: 1.5 }],
    ['status', { limit: 10, status: 'soon' }],
    ['q', { limit: 10, q: 'x'.repeat(201) }],
    ['q', { limit: 10, q: 'a\u0000b' }],
    ['cursor', { limit: 10, cursor: 'not a cursor' }],
  ])('refuses a bad %s (400 naming it) without a query', async (field, request) => {
    const w = world();
    const error = await failure(new ListCampaigns(w.campaigns).execute(ctxOf(), request as never));
    expect(error.details.errors).toEqual([{ field, message: expect.any(String) }]);
    expect(w.campaigns.filters).toEqual([]);
  });
});

describe('ListCampaignEvents', () => {
  it('lists the events of one campaign of the caller tenant', async () => {
    const w = world();
    const campaign = w.seedCampaign();
    const event = w.seedEvent(campaign);
    w.seedEvent(w.seedCampaign());
    const page = await new ListCampaignEvents(w.campaigns, w.events).execute(ctxOf(), { id: campaign.id, limit: 10 });
    expect(page.items.map((e) => e.id)).toEqual([event.id]);
  });

  it('is 404 for another tenant’s campaign, even one with events', async () => {
    const w = world();
    const campaign = w.seedCampaign();
    w.seedEvent(campaign);
    const error = await failure(new ListCampaignEvents(w.campaigns, w.events).execute(ctxOf(MALL_B), { id: campaign.id, limit: 10 }));
    expect(error.code).toBe('NOT_FOUND');
    expect(w.events.filters).toEqual([]);
  });
});

describe('ListLiveEvents', () => {
  it('lists the tenant’s events live now, across its campaigns, whatever status is sent', async () => {
    const w = world();
    const live = w.seedEvent(w.seedCampaign());
    w.seedEvent(w.seedCampaign(), windowOf(2, 3));
    w.seedEvent(w.seedCampaign(MALL_B));
    const page = await new ListLiveEvents(w.events).execute(ctxOf(), { limit: 10, status: 'ended' } as never);
    expect(page.items.map((e) => e.id)).toEqual([live.id]);
    expect(w.events.filters[0]!.status).toBe('live');
  });
});

describe('ChangeCampaign', () => {
  const setup = () => {
    const w = world();
    return { ...w, change: new ChangeCampaign(w.uow, w.campaigns, w.events) };
  };

  it('applies every change it names in one new version and raises one campaign.updated saying what changed', async () => {
    const { change, seedCampaign, campaigns, uow, locks } = setup();
    const campaign = seedCampaign();
    const data = await change.execute(ctxOf(), {
      id: campaign.id,
      rename: { name: 'Cyber Monday' },
      describe: { description: null },
      reschedule: { endDate: iso(20) },
      expectedVersions: [1],
    });
    expect(data).toMatchObject({ name: 'Cyber Monday', description: null, startDate: campaign.schedule.start.toISOString(), endDate: iso(20), version: 2 });
    expect(campaigns.of(MALL_A)[0]).toMatchObject({ name: 'Cyber Monday', version: 2 });
    expect(uow.published).toEqual([
      { type: 'campaign.updated', aggregateId: campaign.id, aggregateVersion: 2, payload: { ...data, changed: ['name', 'description', 'schedule'] } },
    ]);
    expect(locks).toEqual(['campaign update']);
  });

  it('needs at least one change (400 on body)', async () => {
    const { change, seedCampaign } = setup();
    const error = await failure(change.execute(ctxOf(), { id: seedCampaign().id }));
    expect(error.details.errors).toEqual([{ field: 'body', message: expect.stringContaining('at least one') }]);
  });

  it('is 404 for an unknown campaign and for another tenant’s', async () => {
    const { change, seedCampaign } = setup();
    const campaign = seedCampaign();
    expect((await failure(change.execute(ctxOf(), { id: UNKNOWN_ID, rename: { name: 'x' } }))).code).toBe('NOT_FOUND');
    expect((await failure(change.execute(ctxOf(MALL_B), { id: campaign.id, rename: { name: 'x' } }))).code).toBe('NOT_FOUND');
  });

  it.each([[[2]], [[]]])('is 412 when If-Match names other versions (%j), and changes nothing', async (expectedVersions) => {
    const { change, seedCampaign, campaigns, uow } = setup();
    const campaign = seedCampaign();
    const before = stateOf(campaigns);
    const error = await failure(change.execute(ctxOf(), { id: campaign.id, rename: { name: 'x' }, expectedVersions }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(stateOf(campaigns)).toEqual(before);
    expect(uow.published).toEqual([]);
  });

  it('refuses a reschedule that would leave events outside (409, naming them), and changes nothing', async () => {
    const { change, seedCampaign, seedEvent, campaigns, uow } = setup();
    const campaign = seedCampaign();
    const late = seedEvent(campaign, windowOf(5, 6));
    seedEvent(campaign, windowOf(-1, 1));
    const before = stateOf(campaigns);
    const error = await failure(change.execute(ctxOf(), { id: campaign.id, rename: { name: 'x' }, reschedule: { endDate: iso(2) } }));
    expect(error).toMatchObject({ code: 'EVENTS_OUTSIDE_CAMPAIGN', details: { eventIds: [late.id] } });
    expect(stateOf(campaigns)).toEqual(before);
    expect(uow.published).toEqual([]);
  });

  it('checks the new window itself (400 when it ends before it starts)', async () => {
    const { change, seedCampaign } = setup();
    const error = await failure(change.execute(ctxOf(), { id: seedCampaign().id, reschedule: { startDate: iso(30) } }));
    expect(error.details.errors).toEqual([{ field: 'endDate', message: 'must be after startDate' }]);
  });
});

describe('ChangeEvent', () => {
  const setup = () => {
    const w = world();
    const campaign = w.seedCampaign();
    return { ...w, campaign, event: w.seedEvent(campaign), change: new ChangeEvent(w.uow, w.campaigns, w.events) };
  };

  it('locks the campaign (share) before the event (update), and raises one event.updated', async () => {
    const { change, event, campaign, uow, locks } = setup();
    const data = await change.execute(ctxOf(), { id: event.id, rename: { name: 'Grand opening' }, reschedule: { startDate: iso(-2) }, expectedVersions: [1] });
    expect(locks).toEqual(['campaign share', 'event update']);
    expect(data).toMatchObject({ name: 'Grand opening', startDate: iso(-2), campaignEventId: campaign.id, version: 2 });
    expect(uow.published).toEqual([{ type: 'event.updated', aggregateId: event.id, aggregateVersion: 2, payload: { ...data, changed: ['name', 'schedule'] } }]);
  });

  it('keeps the event inside its campaign’s window (409 EVENT_OUTSIDE_CAMPAIGN)', async () => {
    const { change, event, campaign, uow } = setup();
    const error = await failure(change.execute(ctxOf(), { id: event.id, reschedule: { endDate: iso(11) } }));
    expect(error).toMatchObject({ code: 'EVENT_OUTSIDE_CAMPAIGN', details: { campaignEventId: campaign.id } });
    expect(uow.published).toEqual([]);
  });

  it('is 412 on a stale If-Match, 404 for another tenant’s event, 400 without a change', async () => {
    const { change, event, uow } = setup();
    expect((await failure(change.execute(ctxOf(), { id: event.id, describe: { description: 'x' }, expectedVersions: [7] }))).code).toBe('PRECONDITION_FAILED');
    expect((await failure(change.execute(ctxOf(MALL_B), { id: event.id, describe: { description: 'x' } }))).code).toBe('NOT_FOUND');
    expect((await failure(change.execute(ctxOf(), { id: event.id }))).code).toBe('VALIDATION_FAILED');
    expect(uow.published).toEqual([]);
  });
});

describe('CreateEvent', () => {
  it('adds an event to a campaign read under a share lock, and raises event.created', async () => {
    const w = world();
    const campaign = w.seedCampaign();
    const data = await new CreateEvent(w.uow, w.campaigns, w.events).execute(ctxOf(), { campaignEventId: campaign.id, name: 'Concert', startDate: iso(1), endDate: iso(2) });
    expect(data).toMatchObject({ campaignEventId: campaign.id, name: 'Concert', description: null, version: 1 });
    expect(w.locks).toEqual(['campaign share']);
    expect(w.events.of(MALL_A).map((s) => s.id)).toEqual([data.id]);
    expect(w.uow.published).toEqual([{ type: 'event.created', aggregateId: data.id, aggregateVersion: 1, payload: data }]);
  });

  it('is 404 for another tenant’s campaign, 409 outside the window, 400 on a malformed campaign id', async () => {
    const w = world();
    const create = new CreateEvent(w.uow, w.campaigns, w.events);
    const campaign = w.seedCampaign();
    const request = { campaignEventId: campaign.id, name: 'Concert', startDate: iso(1), endDate: iso(2) };
    expect((await failure(create.execute(ctxOf(MALL_B), request))).code).toBe('NOT_FOUND');
    expect((await failure(create.execute(ctxOf(), { ...request, endDate: iso(11) }))).code).toBe('EVENT_OUTSIDE_CAMPAIGN');
    expect((await failure(create.execute(ctxOf(), { ...request, campaignEventId: 'nope' }))).details.errors).toEqual([{ field: 'campaignEventId', message: 'must be a UUID' }]);
    expect(w.events.rows.size).toBe(0);
    expect(w.uow.published).toEqual([]);
  });
});

describe('DeleteCampaign', () => {
  it('removes the campaign and its events, raising event.deleted for each and then campaign.deleted', async () => {
    const w = world();
    const campaign = w.seedCampaign();
    const [first, second] = [w.seedEvent(campaign, windowOf(-2, -1)), w.seedEvent(campaign, windowOf(1, 2))];
    const kept = w.seedEvent(w.seedCampaign());
    expect(await new DeleteCampaign(w.uow, w.campaigns, w.events).execute(ctxOf(), { id: campaign.id, expectedVersions: [1] })).toEqual({ deleted: true });
    expect(w.locks).toEqual(['campaign update', 'events of campaign update']);
    expect(w.campaigns.of(MALL_A)).toHaveLength(1);
    expect(w.events.of(MALL_A).map((s) => s.id)).toEqual([kept.id]);
    expect(w.uow.published).toEqual([
      { type: 'event.deleted', aggregateId: first!.id, aggregateVersion: 2, payload: { id: first!.id, campaignEventId: campaign.id, reason: 'campaign.deleted' } },
      { type: 'event.deleted', aggregateId: second!.id, aggregateVersion: 2, payload: { id: second!.id, campaignEventId: campaign.id, reason: 'campaign.deleted' } },
      { type: 'campaign.deleted', aggregateId: campaign.id, aggregateVersion: 2, payload: { id: campaign.id, eventIds: [first!.id, second!.id] } },
    ]);
  });

  it('is 412 on a stale If-Match and 404 for another tenant’s campaign, deleting nothing', async () => {
    const w = world();
    const remove = new DeleteCampaign(w.uow, w.campaigns, w.events);
    const campaign = w.seedCampaign();
    w.seedEvent(campaign);
    expect((await failure(remove.execute(ctxOf(), { id: campaign.id, expectedVersions: [2] }))).code).toBe('PRECONDITION_FAILED');
    expect((await failure(remove.execute(ctxOf(MALL_B), { id: campaign.id }))).code).toBe('NOT_FOUND');
    expect([w.campaigns.rows.size, w.events.rows.size]).toEqual([1, 1]);
    expect(w.uow.published).toEqual([]);
  });
});

describe('DeleteEvent', () => {
  it('locks campaign then event, removes the event and raises event.deleted', async () => {
    const w = world();
    const campaign = w.seedCampaign();
    const event = w.seedEvent(campaign);
    expect(await new DeleteEvent(w.uow, w.campaigns, w.events).execute(ctxOf(), { id: event.id })).toEqual({ deleted: true });
    expect(w.locks).toEqual(['campaign share', 'event update']);
    expect(w.events.rows.size).toBe(0);
    expect(w.uow.published).toEqual([
      { type: 'event.deleted', aggregateId: event.id, aggregateVersion: 2, payload: { id: event.id, campaignEventId: campaign.id, reason: 'event.deleted' } },
    ]);
  });

  it('is 412 on a stale If-Match and 404 for another tenant’s event, deleting nothing', async () => {
    const w = world();
    const remove = new DeleteEvent(w.uow, w.campaigns, w.events);
    const event = w.seedEvent(w.seedCampaign());
    expect((await failure(remove.execute(ctxOf(), { id: event.id, expectedVersions: [] }))).code).toBe('PRECONDITION_FAILED');
    expect((await failure(remove.execute(ctxOf(MALL_B), { id: event.id }))).code).toBe('NOT_FOUND');
    expect(w.events.rows.size).toBe(1);
    expect(w.uow.published).toEqual([]);
  });
});

describe('NextScheduleBoundary', () => {
  it('answers the tenant’s next start or end with the instant it was judged at', async () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const summary = new MemorySummary(at);
    const answer = await new NextScheduleBoundary(summary).execute(ctxOf());
    expect(summary.asked).toEqual([{ tenant: MALL_A, now: new Date(answer.now) }]);
    expect(answer.at).toBe(at.toISOString());
    expect((await new NextScheduleBoundary(new MemorySummary(null)).execute(ctxOf())).at).toBeNull();
  });
});

describe('CountByStatus', () => {
  it('counts for the caller tenant only, and refuses a principal without one (403)', async () => {
    const counts: StatusCounts = { campaigns: { upcoming: 1, live: 2, ended: 3, total: 6 }, events: { upcoming: 0, live: 1, ended: 0, total: 1 } };
    const summary = new MemorySummary(null, counts);
    const count = new CountByStatus(summary);
    expect(await count.execute(ctxOf())).toEqual(counts);
    expect(summary.asked.map((a) => a.tenant)).toEqual([MALL_A]);
    expect((await failure(count.execute(ctxOf(null)))).code).toBe('FORBIDDEN');
  });
});
