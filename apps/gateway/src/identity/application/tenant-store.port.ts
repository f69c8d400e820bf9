import type { NewTenant, TenantProfile } from '../domain/tenant.js';

export class DuplicateTenantError extends Error {}

/** Tenants are not tenant data: only operators list them, and authentication reads one by slug. */
export abstract class TenantStore {
  /** Throws DuplicateTenantError when the slug is taken. */
  abstract insert(tenant: NewTenant & { id: string; createdAt: Date }): Promise<TenantProfile>;
  abstract findBySlug(slug: string): Promise<TenantProfile | null>;
  /** Ordered by slug; `after` is the last slug of the previous page. */
  abstract list(limit: number, after: string | null): Promise<TenantProfile[]>;
}
