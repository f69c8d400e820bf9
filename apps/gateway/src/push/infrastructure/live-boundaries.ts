import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HealthService, newId, systemContext } from '#common';
import { CampaignReadModel } from '../../campaigns/application/campaign-read-model.port.js';
import { TenantStore } from '../../identity/application/tenant-store.port.js';
import type { LiveChangedMessage } from '../domain/push-message.js';
import { PushLog } from './push-log.js';
import { StreamHub } from './stream-hub.js';

/** Tenants are listed again this often (a new tenant's boundaries are followed from then on). */
const TENANTS_EVERY_MS = 60_000;
const TENANT_PAGE = 500;
/** After a failed boundary read or append: try again this soon. */
const RETRY_MS = 1000;
/** The service's clock may lag ours: a boundary it still gives after we announced it is asked again this soon. */
const LAGGING_BOUNDARY_MS = 250;
/** A change is followed by a new boundary read this much later (one read for a burst of writes). */
const REARM_AFTER_CHANGE_MS = 50;
/** setTimeout's longest delay; a farther boundary is re-armed when this passes. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * `live.changed` at every boundary: each replica keeps one timer per tenant, set to the tenant's
 * next start or end as the read cache knows it (the moment its cached `live` answers expire),
 * re-armed after each of the tenant's changes. At the boundary every replica tries to append
 * the same message and the log takes it once, so the message is in the log (and replayed to a
 * client that resumes) whether or not this tenant has streams here, and as long as any replica
 * runs. It is appended at or after the boundary, so a client that reads `live` on receipt sees
 * the new set on any replica.
 */
@Injectable()
export class LiveBoundaries implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveBoundaries');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per tenant, a counter that makes an arming that finishes after a newer one give up. */
  private readonly armings = new Map<string, number>();
  private readonly announced = new Map<string, number>();
  private readonly rearming = new Set<string>();
  private listing: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly hub: StreamHub,
    private readonly log: PushLog,
    private readonly reads: CampaignReadModel,
    private readonly tenants: TenantStore,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.hub.onEntry((entry) => {
      if (entry.type !== 'live.changed') this.rearmSoon(entry.tenant);
    });
    // Tenants live in this replica's database, which answers once the process is ready.
    void this.health.ready.then(() => this.followAll());
    this.listing = setInterval(() => void this.followAll(), TENANTS_EVERY_MS);
    this.listing.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.listing);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Arms every tenant not followed yet. */
  private async followAll(): Promise<void> {
    try {
      for (let after: string | null = null, page = await this.tenants.list(TENANT_PAGE, null); page.length > 0; page = await this.tenants.list(TENANT_PAGE, after)) {
        for (const { slug } of page) if (!this.armings.has(slug)) void this.arm(slug);
        after = page[page.length - 1]!.slug;
      }
    } catch (error) {
      this.logger.warn(`listing tenants for live boundaries failed: ${(error as Error).message}`);
      if (!this.stopped) setTimeout(() => void this.followAll(), RETRY_MS).unref();
    }
  }

  /** After a change: a burst of a tenant's writes asks for its next boundary once. */
  private rearmSoon(tenant: string): void {
    if (this.rearming.has(tenant)) return;
    this.rearming.add(tenant);
    setTimeout(() => {
      this.rearming.delete(tenant);
      void this.arm(tenant);
    }, REARM_AFTER_CHANGE_MS).unref();
  }

  /** Sets the tenant's timer to its next boundary (a newer arming wins over one still reading). */
  async arm(tenant: string): Promise<void> {
    const arming = (this.armings.get(tenant) ?? 0) + 1;
    this.armings.set(tenant, arming);
    let at: number | null;
    try {
      at = await this.reads.nextBoundary(systemContext(newId(), tenant));
    } catch {
      if (this.armings.get(tenant) === arming) this.schedule(tenant, RETRY_MS, () => this.arm(tenant));
      return;
    }
    if (this.armings.get(tenant) !== arming) return;
    if (at === null) return this.clear(tenant);
    if (at <= (this.announced.get(tenant) ?? -Infinity)) return this.schedule(tenant, LAGGING_BOUNDARY_MS, () => this.arm(tenant));
    const boundary = at;
    this.schedule(tenant, boundary - Date.now(), () => this.fire(tenant, boundary));
  }

  private async fire(tenant: string, at: number): Promise<void> {
    if (Date.now() < at) return this.arm(tenant);
    const message: LiveChangedMessage = { type: 'live.changed', at: new Date(at).toISOString() };
    try {
      await this.log.append(tenant, message, `live:${tenant}:${at}`);
    } catch {
      return this.schedule(tenant, RETRY_MS, () => this.fire(tenant, at));
    }
    this.announced.set(tenant, at);
    await this.arm(tenant);
  }

  private schedule(tenant: string, delayMs: number, run: () => Promise<void>): void {
    this.clear(tenant);
    if (this.stopped) return;
    const timer = setTimeout(() => void run(), Math.min(Math.max(delayMs, 0), MAX_TIMER_MS));
    timer.unref();
    this.timers.set(tenant, timer);
  }

  private clear(tenant: string): void {
    clearTimeout(this.timers.get(tenant));
    this.timers.delete(tenant);
  }
}
