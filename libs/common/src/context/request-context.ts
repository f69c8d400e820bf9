/**
 * Who asks, for which tenant, as part of which request: passed explicitly from the door
 * (HTTP controller or message handler) into every use case, so use cases know no transport.
 */
export interface Actor {
  kind: 'api-key' | 'staff' | 'system';
  id: string;
  roles: string[];
}

export interface RequestContext {
  requestId: string;
  tenant: string | null;
  /** The tenant's IANA time zone (legacy dates are read in it); null without a tenant. */
  tenantTimezone?: string | null;
  actor: Actor;
}

export function systemContext(requestId: string, tenant: string | null = null): RequestContext {
  return { requestId, tenant, actor: { kind: 'system', id: 'system', roles: [] } };
}
