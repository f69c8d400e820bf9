import { List, Paper, Stack, Text, Title } from '@mantine/core';
import { formatInstant } from '../../lib/dates';
import { QueryState } from '../../lib/query-state';
import { useLiveNow } from '../campaigns/campaigns.api';

/** What the apps show now: `GET /v1/campaign-events/live` and `/v1/events/live`, as an app reads them. */
export function LiveNow({ zone }: { zone: string }) {
  const live = useLiveNow();
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="live-now-title">
      <Title order={3} size="h5" id="live-now-title">
        What the apps show now
      </Title>
      <QueryState query={live} label="the live lists">
        {({ campaigns, events }) => (
          <Stack gap="xs" mt="xs">
            <LiveList label="Live campaigns" none="No campaign is live now." items={campaigns} zone={zone} />
            <LiveList label="Live events" none="No event is live now." items={events} zone={zone} />
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

function LiveList({ label, none, items, zone }: { label: string; none: string; items: { id: string; name: string; endDate: string }[]; zone: string }) {
  return (
    <>
      <Text size="sm" fw={600}>
        {label} ({items.length})
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {none}
        </Text>
      ) : (
        <List size="sm" aria-label={label}>
          {items.map((item) => (
            <List.Item key={item.id}>
              {item.name}
              <Text size="xs" c="dimmed">
                until {formatInstant(item.endDate, zone)}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
