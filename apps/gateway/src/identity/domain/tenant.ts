import { queryParam, ValidationError } from '#common';

/** A tenant as the API shows it. */
export interface TenantProfile {
  slug: string;
  name: string;
  timezone: string;
  createdAt: string;
}

export const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && SLUG.test(value);
}

/** Operators' `?tenant=` on lists across tenants: a tenant slug (400 otherwise), or undefined for all. */
export function tenantFilter(query: Record<string, unknown>): string | undefined {
  const tenant = queryParam(query, 'tenant');
  if (tenant !== undefined && !isSlug(tenant)) throw ValidationError.field('tenant', 'must be a tenant slug');
  return tenant;
}

/** An IANA zone name the runtime knows (`Europe/Istanbul`, `UTC`); offsets and abbreviations are not zones. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export interface NewTenant {
  slug: string;
  name: string;
  timezone: string;
}

/** The rules a new tenant obeys beyond its types (checked by the DTO too; use cases do not trust doors). */
export function checkNewTenant(input: NewTenant): NewTenant {
  const errors = [];
  if (!isSlug(input.slug)) errors.push({ field: 'slug', message: `must match ${SLUG.source}` });
  if (typeof input.name !== 'string' || input.name.trim().length === 0 || input.name.length > 200 || /[\u0000-\u001f\u007f]/.test(input.name)) {
    errors.push({ field: 'name', message: 'must be 1 to 200 characters, without control characters' });
  }
  if (!isTimeZone(input.timezone)) errors.push({ field: 'timezone', message: 'must be an IANA time zone such as Europe/Istanbul' });
  if (errors.length > 0) throw new ValidationError(errors);
  return { slug: input.slug, name: input.name.trim(), timezone: input.timezone };
}
