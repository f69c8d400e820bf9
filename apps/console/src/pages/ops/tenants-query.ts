import { useQuery } from '@tanstack/react-query';
import { allPages, api, unwrap } from '../../api/client';

export const TENANTS_KEY = ['tenants'] as const;

/** Every tenant, by slug (operators): the tenants page and the jobs page's tenant filter. */
export function useTenants() {
  return useQuery({
    queryKey: TENANTS_KEY,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/v1/admin/tenants', { params: { query: { cursor, limit: 200 } } }))),
  });
}
