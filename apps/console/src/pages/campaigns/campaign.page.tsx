import { WideTable } from '../../lib/wide-table';
import { Anchor, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useAuth, useTenant } from '../../auth/auth-context';
import { ConfirmButton } from '../../lib/confirm-button';
import { formatInstant } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { QueryState } from '../../lib/query-state';
import {
  changeCampaign,
  changeEvent,
  createEvent,
  deleteCampaign,
  deleteEvent,
  useCampaign,
  useCampaignEvents,
  useRefreshCampaigns,
  type Campaign,
  type CampaignEvent,
} from './campaigns.api';
import { ChangeProblem } from './change-problem';
import { ScheduleForm } from './schedule-form';
import { StatusBadge } from './status-badge';

/** One campaign: its details, edit and delete, and its events. */
export default function CampaignPage() {
  const { id = '' } = useParams();
  const campaign = useCampaign(id);
  return (
    <Stack>
      <Anchor component={Link} to="/calendar" size="sm">
        ← Calendar
      </Anchor>
      <QueryState query={campaign} label="the campaign">
        {(loaded) => <CampaignDetails campaign={loaded} />}
      </QueryState>
    </Stack>
  );
}

function CampaignDetails({ campaign }: { campaign: Campaign }) {
  const { can } = useAuth();
  const { timezone } = useTenant();
  const navigate = useNavigate();
  const refresh = useRefreshCampaigns();
  const [editing, setEditing] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const reload = () => void refresh().then(() => setRefusal(null));
  const remove = async () => {
    try {
      await deleteCampaign(campaign);
      notifySuccess(`${campaign.name} deleted.`);
      await refresh();
      navigate('/calendar');
    } catch (error) {
      setRefusal(error);
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{campaign.name}</Title>
          <StatusBadge status={campaign.status} />
        </Group>
        {can('editor') && !editing && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit campaign
            </Button>
            <ConfirmButton title="Delete this campaign?" message={`${campaign.name} and all its events will be deleted. The apps stop showing them.`} onConfirm={remove}>
              Delete campaign
            </ConfirmButton>
          </Group>
        )}
      </Group>
      {refusal !== null && <ChangeProblem error={refusal} what="campaign" onReload={reload} />}
      <Card withBorder>
        {editing ? (
          <ScheduleForm
            key={campaign.version}
            initial={campaign}
            zone={timezone}
            submitLabel="Save changes"
            onCancel={() => setEditing(false)}
            onFailure={setRefusal}
            onSubmit={async (changes) => {
              await changeCampaign(campaign, changes);
              await refresh();
              setRefusal(null);
              setEditing(false);
              notifySuccess('Campaign saved.');
            }}
          />
        ) : (
          <Facts resource={campaign} zone={timezone} />
        )}
      </Card>
      <Events campaign={campaign} />
    </Stack>
  );
}

function Facts({ resource, zone }: { resource: Campaign; zone: string }) {
  const facts: [string, string][] = [
    ['Starts', formatInstant(resource.startDate, zone)],
    ['Ends', formatInstant(resource.endDate, zone)],
    ['Description', resource.description ?? '—'],
    ['Version', String(resource.version)],
    ['Last changed', formatInstant(resource.updatedAt, zone)],
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" spacing="xs" m={0}>
      {facts.map(([term, value]) => (
        <div key={term}>
          <Text component="dt" size="xs" c="dimmed">
            {term}
          </Text>
          <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

type EventDialog = { mode: 'create' } | { mode: 'edit'; event: CampaignEvent } | null;

function Events({ campaign }: { campaign: Campaign }) {
  const { can } = useAuth();
  const { timezone } = useTenant();
  const events = useCampaignEvents(campaign.id);
  const refresh = useRefreshCampaigns();
  const [dialog, setDialog] = useState<EventDialog>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const close = () => setDialog(null);
  const save = async (changes: Parameters<typeof changeEvent>[1]) => {
    if (dialog?.mode === 'edit') await changeEvent(dialog.event, changes);
    else await createEvent(campaign.id, changes as Parameters<typeof createEvent>[1]);
    await refresh();
    setRefusal(null);
    notifySuccess(dialog?.mode === 'edit' ? 'Event saved.' : 'Event added.');
    close();
  };
  const remove = (event: CampaignEvent) => async () => {
    try {
      await deleteEvent(event);
      notifySuccess(`${event.name} deleted.`);
    } catch (error) {
      setRefusal(error);
    }
    await refresh();
  };
  return (
    <Stack component="section" aria-labelledby="events-title">
      <Group justify="space-between">
        <Title order={3} id="events-title">
          Events
        </Title>
        {can('editor') && <Button onClick={() => setDialog({ mode: 'create' })}>Add event</Button>}
      </Group>
      {refusal !== null && !dialog && <ChangeProblem error={refusal} what="event" onReload={() => void refresh().then(() => setRefusal(null))} />}
      <QueryState query={events} label="the events" isEmpty={(items) => items.length === 0} empty="This campaign has no events yet.">
        {(items) => (
          <WideTable minWidth={640} label={`Events of ${campaign.name}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Starts</Table.Th>
                  <Table.Th>Ends</Table.Th>
                  <Table.Th>Status</Table.Th>
                  {can('editor') && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td>{event.name}</Table.Td>
                    <Table.Td>{formatInstant(event.startDate, timezone)}</Table.Td>
                    <Table.Td>{formatInstant(event.endDate, timezone)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={event.status} />
                    </Table.Td>
                    {can('editor') && (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="default" onClick={() => setDialog({ mode: 'edit', event })} aria-label={`Edit ${event.name}`}>
                            Edit
                          </Button>
                          <ConfirmButton size="xs" variant="light" title="Delete this event?" message={`${event.name} will be deleted.`} onConfirm={remove(event)} aria-label={`Delete ${event.name}`}>
                            Delete
                          </ConfirmButton>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </WideTable>
        )}
      </QueryState>
      <Modal opened={dialog !== null} onClose={close} title={dialog?.mode === 'edit' ? `Edit ${dialog.event.name}` : 'Add event'} size="lg">
        {refusal !== null && <ChangeProblem error={refusal} what="event" onReload={() => void refresh().then(() => { setRefusal(null); close(); })} />}
        {dialog && (
          <ScheduleForm
            initial={dialog.mode === 'edit' ? dialog.event : undefined}
            zone={timezone}
            submitLabel={dialog.mode === 'edit' ? 'Save event' : 'Add event'}
            onCancel={close}
            onFailure={setRefusal}
            onSubmit={save}
          />
        )}
      </Modal>
    </Stack>
  );
}
