import { api } from '../api/client';
import { ApiProblem } from '../api/problem';
import { session } from './session';

export type Role = 'viewer' | 'editor' | 'admin' | 'ops';

/**
 * Development only: the server's `POST /console/dev-token` signs a token for the tenant and role
 * chosen (the route exists only when NODE_ENV=development; elsewhere it is a 404).
 */
async function requestDevToken(tenant: string | null, role: Role): Promise<{ accessToken: string; expiresAt: string }> {
  const response = await fetch(new URL('/console/dev-token', window.location.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ tenant: role === 'ops' ? null : tenant, roles: [role] }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw ApiProblem.from(response.status, body);
  return body as { accessToken: string; expiresAt: string };
}

export async function devSignIn(tenant: string | null, role: Role): Promise<void> {
  const { accessToken, expiresAt } = await requestDevToken(tenant, role);
  session.set(accessToken, Date.parse(expiresAt));
}

/** The tenants to choose from, read with a throwaway operator token (nothing is kept). */
export async function devTenants(): Promise<{ slug: string; name: string; timezone: string }[]> {
  const { accessToken } = await requestDevToken(null, 'ops');
  const { data } = await api.GET('/v1/admin/tenants', { params: { query: { limit: 200 } }, headers: { Authorization: `Bearer ${accessToken}` } });
  return data?.items ?? [];
}
