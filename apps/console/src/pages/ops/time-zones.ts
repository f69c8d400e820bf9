/**
 * The IANA zones a tenant may be created in: what this browser knows (`Intl.supportedValuesOf`),
 * with `UTC` first (some engines list only `Etc/UTC`, or nothing of it; the API accepts `UTC`).
 */
export function timeZoneOptions(known: readonly string[] = Intl.supportedValuesOf('timeZone')): string[] {
  return ['UTC', ...known.filter((zone) => zone !== 'UTC')];
}

/** The slug rule of `POST /v1/admin/tenants` (docs/auth.md), checked before asking. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
