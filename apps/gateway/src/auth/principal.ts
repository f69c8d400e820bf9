import type { Role } from './roles.js';

/** Who a request comes from, once its credentials are verified. */
export type Principal =
  | { kind: 'api-key'; id: string; tenant: string; tenantTimezone: string }
  | { kind: 'staff'; sub: string; tenant: string; tenantTimezone: string; roles: Role[] }
  | { kind: 'ops'; sub: string; roles: Role[] };

/** The actor id written in the audit trail and logs: `api-key:<id>`, `staff:<sub>`, `ops:<sub>`. */
export function actorId(principal: Principal): string {
  return principal.kind === 'api-key' ? principal.id : principal.sub;
}
