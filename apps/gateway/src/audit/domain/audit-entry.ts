import { storableText } from '#common';

/** An audit entry as the API shows it. */
export interface AuditEntry {
  id: string;
  at: string;
  tenant: string | null;
  actor: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  requestId: string;
  status: number;
  count: number;
}

/** An audit entry as it is stored. */
export type AuditRecord = Omit<AuditEntry, 'at'> & { at: Date };

const MAX_ID_LENGTH = 200;

/**
 * What resource a write touched, read from its route template: the last plural segment names
 * the type (`/v1/admin/tenants/:slug/api-keys/:id` → `api-key`, `/v1/jobs/:id/cancel` → `job`,
 * `/v1/webhooks/:id/deliveries/:deliveryId/replay` → `delivery`),
 * and the parameter right after it, if any, its id. A create has no id in its route; the id
 * comes from the response (see audit-resource.hook.ts).
 */
export function resourceOf(routeTemplate: string, params: Record<string, unknown>): { type: string | null; id: string | null } {
  const segments = routeTemplate.split('?')[0]!.split('/').filter(Boolean);
  let type: string | null = null;
  let id: string | null = null;
  segments.forEach((segment, i) => {
    if (segment.startsWith(':') || !segment.endsWith('s') || segment === 'v1') return;
    type = segment.endsWith('ies') ? `${segment.slice(0, -3)}y` : segment.slice(0, -1);
    const next = segments[i + 1];
    const value = next?.startsWith(':') ? params[next.slice(1)] : undefined;
    id = typeof value === 'string' ? storableText(value.slice(0, MAX_ID_LENGTH)) : null;
  });
  return { type, id };
}

