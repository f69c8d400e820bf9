import { Button, Center, Text } from '@mantine/core';
import { useInfiniteQuery, type UseInfiniteQueryResult } from '@tanstack/react-query';

/** A page of any list of the API. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A cursor-paged list read page by page ("Load more"), its loaded pages flattened into one
 * array. Used by the admin and operator pages.
 */
export function usePagedList<T>(
  queryKey: readonly unknown[],
  page: (cursor: string | undefined) => Promise<Page<T>>,
  refetchInterval?: (items: T[]) => number | false,
): UseInfiniteQueryResult<T[]> {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => page(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((loaded) => loaded.items),
    refetchInterval: refetchInterval && ((query) => refetchInterval(query.state.data?.pages.flatMap((loaded) => loaded.items) ?? [])),
  });
}

/** "Load more" under a list while the API has more; the count of what is shown so far. */
export function LoadMore({ query, noun }: { query: UseInfiniteQueryResult<unknown[]>; noun: string }) {
  const shown = query.data?.length ?? 0;
  return (
    <Center py="sm" style={{ flexDirection: 'column', gap: 8 }}>
      <Text size="sm" c="dimmed" role="status">
        {shown} {noun} loaded{query.hasNextPage ? '; there are more' : ''}.
      </Text>
      {query.hasNextPage && (
        <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </Center>
  );
}
