import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { formatInstant } from '../../lib/dates';
import { QueryState } from '../../lib/query-state';
import { distinctValues, filterAudit, isFiltered, NO_FILTER, outcomeOf, type AuditFilter, type Outcome } from './audit-filter';
import { LoadMore, usePagedList, type Page } from './paged-list';
import { WideTable } from '../../lib/wide-table';
import { Hint } from './hint';

type Entry = components['schemas']['AuditEntryView'];

const OUTCOMES: { value: Outcome; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'accepted', label: 'Accepted (2xx, 3xx)' },
  { value: 'refused', label: 'Refused (4xx, 5xx)' },
];

/**
 * An audit trail, newest first, a page at a time ("Load more"), with filters. The API filters
 * nothing but the tenant (operators), so the filters apply to the entries loaded so far (see
 * audit-filter.ts) and the page says so.
 */
export function AuditTrail({ queryKey, page, zone }: { queryKey: readonly unknown[]; page: (cursor: string | undefined) => Promise<Page<Entry>>; zone: string }) {
  const query = usePagedList(queryKey, page);
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  return (
    <Stack>
      <AuditFilters entries={query.data ?? []} filter={filter} onChange={setFilter} />
      <QueryState query={query} label="the audit trail" empty={<Hint>No writes have been recorded yet.</Hint>} isEmpty={(items) => items.length === 0}>
        {(items) => <FilteredTable entries={items} filter={filter} zone={zone} />}
      </QueryState>
      {query.isSuccess && query.data.length > 0 && <LoadMore query={query} noun="entries" />}
    </Stack>
  );
}

function AuditFilters({ entries, filter, onChange }: { entries: Entry[]; filter: AuditFilter; onChange: (filter: AuditFilter) => void }) {
  const set = (change: Partial<AuditFilter>) => onChange({ ...filter, ...change });
  return (
    <Stack gap={4}>
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Action"
          placeholder="Any action"
          data={distinctValues(entries, (entry) => entry.action)}
          value={filter.action}
          onChange={(action) => set({ action })}
          searchable
          clearable
          w={280}
        />
        <Select
          label="Resource type"
          placeholder="Any type"
          data={distinctValues(entries, (entry) => entry.resourceType)}
          value={filter.resourceType}
          onChange={(resourceType) => set({ resourceType })}
          searchable
          clearable
          w={200}
        />
        <TextInput label="Actor contains" placeholder="e.g. alice or api-key:" value={filter.actor} onChange={(event) => set({ actor: event.currentTarget.value })} w={200} />
        <Select label="Outcome" data={OUTCOMES} value={filter.outcome} onChange={(outcome) => set({ outcome: (outcome as Outcome | null) ?? 'all' })} allowDeselect={false} w={200} />
        {isFiltered(filter) && (
          <Button variant="subtle" onClick={() => onChange(NO_FILTER)}>
            Clear filters
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        Filters apply to the entries loaded so far; load more to look further back.
      </Text>
    </Stack>
  );
}

function FilteredTable({ entries, filter, zone }: { entries: Entry[]; filter: AuditFilter; zone: string }) {
  const shown = filterAudit(entries, filter);
  if (shown.length === 0) {
    return (
      <Text c="dimmed" py="lg" ta="center">
        None of the {entries.length} loaded entries match the filters.
      </Text>
    );
  }
  return (
    <WideTable label="Audit trail" minWidth={960}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Time ({zone})</Table.Th>
          <Table.Th>Actor</Table.Th>
          <Table.Th>Action</Table.Th>
          <Table.Th>Resource</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Request id</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map((entry) => (
          <AuditRow key={entry.id} entry={entry} zone={zone} />
        ))}
      </Table.Tbody>
    </WideTable>
  );
}

function AuditRow({ entry, zone }: { entry: Entry; zone: string }) {
  return (
    <Table.Tr>
      <Table.Td>{formatInstant(entry.at, zone, 'd LLL yyyy, HH:mm:ss')}</Table.Td>
      <Table.Td>{entry.actor}</Table.Td>
      <Table.Td ff="monospace" fz="sm">
        {entry.action}
      </Table.Td>
      <Table.Td>
        {entry.resourceType ?? '—'}
        {entry.resourceId && (
          <Text size="xs" c="dimmed" ff="monospace">
            {entry.resourceId}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <StatusBadge status={entry.status} count={entry.count} />
      </Table.Td>
      <Table.Td ff="monospace" fz="xs">
        {entry.requestId}
      </Table.Td>
    </Table.Tr>
  );
}

/** The HTTP status, in words as well as colour; a refusal counted over a few seconds says how many. */
function StatusBadge({ status, count }: { status: number; count: number }) {
  const outcome = outcomeOf(status);
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={outcome === 'accepted' ? 'green' : 'red'} variant="dot">
        {status} {outcome}
      </Badge>
      {count > 1 && <Text size="xs">× {count} requests</Text>}
    </Group>
  );
}
