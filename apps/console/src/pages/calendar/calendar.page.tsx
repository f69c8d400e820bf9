import type { DatesSetArg, Duration, EventChangeArg, EventClickArg } from '@fullcalendar/core';
import enGb from '@fullcalendar/core/locales/en-gb';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Button, Grid, Group, Modal, Paper, Stack, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth, useTenant } from '../../auth/auth-context';
import { ErrorState } from '../../lib/query-state';
import { notifySuccess } from '../../lib/notify';
import { changeCampaign, changeEvent, createCampaign, eventsQuery, useCampaigns, useRefreshCampaigns } from '../campaigns/campaigns.api';
import { ChangeProblem } from '../campaigns/change-problem';
import { ScheduleForm } from '../campaigns/schedule-form';
import { StatusBadge } from '../campaigns/status-badge';
import { calendarEntries, moved, overlapping, type Entry } from './calendar-entries';
import './calendar.css';
import { LiveNow } from './live-now';

// FullCalendar's durations carry a flag luxon would refuse as a unit.
const units = ({ years, months, days, milliseconds }: Duration) => ({ years, months, days, milliseconds });

/**
 * The tenant's campaigns and events on a calendar in the tenant's zone (month, week, list),
 * coloured by status. Editors drag an entry to reschedule it; each move is a PATCH with If-Match,
 * undone on the calendar when the API refuses it.
 */
export default function CalendarPage() {
  const { can } = useAuth();
  const tenant = useTenant();
  const navigate = useNavigate();
  const refresh = useRefreshCampaigns();
  const campaigns = useCampaigns();
  const [range, setRange] = useState<{ start: Date; end: Date } | null>(null);
  const visible = useMemo(() => overlapping(campaigns.data ?? [], range), [campaigns.data, range]);
  const events = useQueries({ queries: visible.map((campaign) => eventsQuery(campaign.id)), combine: (results) => results.flatMap((result) => result.data ?? []) });
  const [refusal, setRefusal] = useState<unknown>(null);
  const [creating, { open: create, close: closeCreate }] = useDisclosure(false);
  const editable = can('editor');

  const entries = useMemo(() => calendarEntries(campaigns.data ?? [], events, tenant.timezone, editable), [campaigns.data, events, tenant.timezone, editable]);

  const move = async ({ event, revert }: EventChangeArg, delta: Duration, endDelta: Duration) => {
    const entry = event.extendedProps.entry as Entry;
    const changes = moved(entry.resource, tenant.timezone, units(delta), units(endDelta));
    try {
      await (entry.kind === 'campaign' ? changeCampaign(entry.resource, changes) : changeEvent(entry.resource, changes));
      notifySuccess(`${entry.resource.name} rescheduled.`);
    } catch (error) {
      revert();
      setRefusal(error);
    } finally {
      await refresh();
    }
  };
  const open = ({ event, jsEvent }: EventClickArg) => {
    jsEvent.preventDefault();
    const entry = event.extendedProps.entry as Entry;
    navigate(`/campaigns/${entry.kind === 'campaign' ? entry.resource.id : entry.campaign.id}`);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Calendar</Title>
        <Group gap="xs" aria-label="Status colours">
          <StatusBadge status="upcoming" />
          <StatusBadge status="live" />
          <StatusBadge status="ended" />
          {editable && <Button onClick={create}>New campaign</Button>}
        </Group>
      </Group>
      {campaigns.isError && <ErrorState error={campaigns.error} label="campaigns" retry={() => void campaigns.refetch()} />}
      {refusal !== null && <ChangeProblem error={refusal} what="entry" onReload={() => void refresh().then(() => setRefusal(null))} />}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Paper withBorder p="sm" aria-busy={campaigns.isPending} aria-label="Campaign calendar" component="section">
            <FullCalendar
              plugins={[dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, luxonPlugin]}
              timeZone={tenant.timezone}
              initialView="dayGridMonth"
              headerToolbar={{ left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listMonth' }}
              // Words, not FullCalendar's icon font: its icons are unnamed images to a screen reader.
              buttonIcons={false}
              buttonText={{ prev: '‹ Previous', next: 'Next ›', month: 'Month', week: 'Week', list: 'List', today: 'Today' }}
              locale={enGb}
              slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
              height="auto"
              events={entries}
              eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
              datesSet={({ start, end }: DatesSetArg) => setRange({ start, end })}
              eventDrop={(drop) => void move(drop, drop.delta, drop.delta)}
              eventResize={(resize) => void move(resize, resize.startDelta, resize.endDelta)}
              eventClick={open}
              noEventsContent="No campaigns in this period."
            />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <LiveNow zone={tenant.timezone} />
        </Grid.Col>
      </Grid>
      <Modal opened={creating} onClose={closeCreate} title="New campaign" size="lg">
        <ScheduleForm
          zone={tenant.timezone}
          submitLabel="Create campaign"
          onCancel={closeCreate}
          onFailure={setRefusal}
          onSubmit={async (changes) => {
            const campaign = await createCampaign(changes as Parameters<typeof createCampaign>[0]);
            await refresh();
            closeCreate();
            notifySuccess(`${campaign.name} created.`);
            navigate(`/campaigns/${campaign.id}`);
          }}
        />
      </Modal>
    </Stack>
  );
}
