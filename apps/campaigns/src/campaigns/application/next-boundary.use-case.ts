import { Injectable } from '@nestjs/common';
import { tenantOf, type RequestContext } from '#common';
import type { NextBoundary } from '#messaging';
import { ScheduleSummary } from './schedule-summary.port.js';

/**
 * When the tenant's schedule next changes by itself: the next start or end of any of its
 * campaigns or events. `now` is the instant the answer was computed at (the service's clock),
 * so a cache can tell that nothing starts or ends in [now, at).
 */
@Injectable()
export class NextScheduleBoundary {
  constructor(private readonly schedule: ScheduleSummary) {}

  async execute(ctx: RequestContext): Promise<NextBoundary> {
    const now = new Date();
    const at = await this.schedule.nextBoundary(tenantOf(ctx), now);
    return { now: now.toISOString(), at: at ? at.toISOString() : null };
  }
}
