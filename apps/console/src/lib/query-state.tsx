import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describeError } from '../api/problem';

/**
 * Loading, error and empty states, the same on every page: a list that is loading says so, one
 * that failed says why and offers to try again, one that is empty says what would fill it.
 */
export function QueryState<T>({
  query,
  label,
  empty,
  isEmpty,
  children,
}: {
  query: UseQueryResult<T>;
  label: string;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <Center py="xl" role="status" aria-live="polite">
        <Group gap="sm">
          <Loader size="sm" aria-hidden />
          <Text>Loading {label}…</Text>
        </Group>
      </Center>
    );
  }
  if (query.isError) return <ErrorState error={query.error} label={label} retry={() => void query.refetch()} />;
  if (empty && isEmpty?.(query.data)) {
    return (
      <Text c="dimmed" py="lg" ta="center">
        {empty}
      </Text>
    );
  }
  return <>{children(query.data)}</>;
}

export function ErrorState({ error, label, retry }: { error: unknown; label: string; retry?: () => void }) {
  return (
    <Alert color="red" title={`Could not load ${label}`} role="alert">
      <Text size="sm">{describeError(error)}</Text>
      {retry && (
        <Button mt="sm" size="xs" variant="light" color="red" onClick={retry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
