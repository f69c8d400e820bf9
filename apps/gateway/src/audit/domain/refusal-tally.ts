import type { AuditRecord } from './audit-entry.js';

/**
 * Refused writes counted together: one audit entry per actor, action, tenant and status for
 * each window, standing for every such refusal in it (`count`), with the first one's request id
 * and time. Bounded: once `maxGroups` are open, the caller writes them out early.
 */
export class RefusalTally {
  private readonly groups = new Map<string, AuditRecord>();

  constructor(private readonly maxGroups: number) {}

  /** Counts a refusal; true when the tally is full and should be written out now. */
  add(entry: AuditRecord): boolean {
    const key = JSON.stringify([entry.tenant, entry.actor, entry.action, entry.status]);
    const group = this.groups.get(key);
    if (group) group.count += 1;
    else this.groups.set(key, { ...entry, count: 1 });
    return this.groups.size >= this.maxGroups;
  }

  /** The groups counted so far, and a fresh start. */
  drain(): AuditRecord[] {
    const rows = [...this.groups.values()];
    this.groups.clear();
    return rows;
  }
}
