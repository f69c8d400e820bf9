import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const jobKeys = {
  definitions: ['job-definitions'] as const,
  list: (status: string | null) => ['jobs', 'list', status ?? 'all'] as const,
  lists: ['jobs', 'list'] as const,
  job: (id: string) => ['jobs', 'one', id] as const,
  schedules: ['job-schedules'] as const,
};

/** Every job staff may start; they change only with a deployment. */
export function useJobDefinitions() {
  return useQuery({
    queryKey: jobKeys.definitions,
    queryFn: ({ signal }) => unwrap(api.GET('/v1/jobs/definitions', { signal })),
    staleTime: 5 * 60_000,
  });
}
