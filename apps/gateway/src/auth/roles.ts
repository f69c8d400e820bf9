/** Staff roles. viewer reads; editor also writes; admin also manages keys, jobs and reads the audit; ops run the deployment. */
export type Role = 'viewer' | 'editor' | 'admin' | 'ops';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin', 'ops'];

/** What each role includes: admin ⊇ editor ⊇ viewer; ops stands alone (operators have no tenant). */
const INCLUDES: Record<Role, Role[]> = {
  viewer: ['viewer'],
  editor: ['editor', 'viewer'],
  admin: ['admin', 'editor', 'viewer'],
  ops: ['ops'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The roles a token's claimed roles amount to, nesting applied, in a stable order. */
export function effectiveRoles(claimed: readonly Role[]): Role[] {
  const all = new Set(claimed.flatMap((role) => INCLUDES[role]));
  return ROLES.filter((role) => all.has(role));
}

export function hasRole(claimed: readonly Role[], needed: Role): boolean {
  return effectiveRoles(claimed).includes(needed);
}
