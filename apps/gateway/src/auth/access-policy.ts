import { ForbiddenError, NotFoundError } from '#common';
import type { AccessRule } from '../access/access.decorators.js';
import type { Principal } from './principal.js';
import { hasRole, Role } from './roles.js';

const TENANT_ROLE: Partial<Record<AccessRule, Role>> = { reader: 'viewer', staff: 'viewer', editor: 'editor', admin: 'admin' };

/**
 * Whether a verified principal may call a route with this rule. Returns nothing when it may;
 * throws the contract's error otherwise:
 * - 403: an API key on anything but a read, a role too low, ops on a tenant route, anyone but
 *   ops on an ops route;
 * - 404: a tenant's staff naming another tenant in `/v1/admin/tenants/{slug}/...` (another
 *   tenant's resources do not exist for them).
 */
export function checkAccess(rule: AccessRule, principal: Principal, routeTenant?: string): void {
  if (rule === 'authenticated') return;
  if (rule === 'ops') {
    if (principal.kind !== 'ops') throw new ForbiddenError('Only operators may do this.');
    return;
  }
  if (rule === 'ops-or-admin') {
    if (principal.kind === 'ops') return;
    if (principal.kind === 'api-key') throw new ForbiddenError('An API key may only read.');
    if (routeTenant !== undefined && routeTenant !== principal.tenant) throw new NotFoundError('Tenant', routeTenant);
    if (!hasRole(principal.roles, 'admin')) throw new ForbiddenError('This needs the admin role.');
    return;
  }
  if (principal.kind === 'ops') throw new ForbiddenError('Operators have no tenant; use /v1/admin/* routes.');
  if (principal.kind === 'api-key') {
    if (rule === 'reader') return;
    throw new ForbiddenError('An API key may only read.');
  }
  const needed = TENANT_ROLE[rule]!;
  if (!hasRole(principal.roles, needed)) throw new ForbiddenError(`This needs the ${needed} role.`);
}
