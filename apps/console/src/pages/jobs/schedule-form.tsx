import { Alert, Button, Group, List, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useTenant } from '../../auth/auth-context';
import { formatInstant } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { cronPreview } from './cron-preview';
import { formProblem } from './form-problem';
import { jobKeys } from './job-queries';
import type { JobDefinition } from './jobs-model';
import { ParamsForm, useParamsForm } from './params-form';

type ScheduleCreation = paths['/v1/job-schedules']['post']['requestBody']['content']['application/json'];

/** The browser's IANA zones, with the tenant's and UTC (some browsers leave UTC out). */
function zoneChoices(tenantZone: string): string[] {
  return [...new Set([tenantZone, 'UTC', ...Intl.supportedValuesOf('timeZone')])];
}

/** The next runs of the cron as typed, in the chosen zone (and in the tenant's, when another). */
function CronRuns({ cron, zone }: { cron: string; zone: string }) {
  const tenant = useTenant();
  const preview = useMemo(() => cronPreview(cron, zone), [cron, zone]);
  if (preview.kind !== 'ok') return null;
  const other = zone !== tenant.timezone;
  return (
    <Stack gap={4} aria-live="polite">
      <Text size="sm" fw={500}>
        Next 5 runs ({zone})
      </Text>
      <List size="sm" aria-label="Next runs">
        {preview.runs.map((run) => (
          <List.Item key={run}>
            {formatInstant(run, zone)}
            {other && ` — ${formatInstant(run, tenant.timezone)} in ${tenant.timezone}`}
          </List.Item>
        ))}
      </List>
      {preview.note && (
        <Text size="xs" c="gray.7">
          {preview.note}
        </Text>
      )}
    </Stack>
  );
}

/** Create a schedule (editors): a job with its params, a 5-field cron, a zone (the tenant's by default). */
export function ScheduleForm({ definitions, onCreated }: { definitions: JobDefinition[]; onCreated: () => void }) {
  const tenant = useTenant();
  const queryClient = useQueryClient();
  const [name, setName] = useState<string | null>(null);
  const [cron, setCron] = useState('');
  const [zone, setZone] = useState(tenant.timezone);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const definition = definitions.find((candidate) => candidate.name === name);
  const form = useParamsForm(definition?.paramsSchema);
  const zones = useMemo(() => zoneChoices(tenant.timezone), [tenant.timezone]);
  const preview = useMemo(() => cronPreview(cron, zone), [cron, zone]);

  const create = useMutation({
    mutationFn: (params: Record<string, unknown>) =>
      unwrap(api.POST('/v1/job-schedules', { body: { name, params, cron: cron.trim(), timezone: zone } as ScheduleCreation })),
    onSuccess: (schedule) => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.schedules });
      notifySuccess(`Schedule created: ${schedule.name} at "${schedule.cron}" (${schedule.timezone}).`);
      onCreated();
    },
    onError: (error) => {
      const problem = formProblem(error, ['name', 'cron', 'timezone']);
      form.setErrors(problem.params);
      setFieldErrors(problem.fields);
      setAlert(problem.message);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    const errors: Record<string, string> = {};
    if (!name) errors.name = 'Choose a job.';
    if (preview.kind === 'empty') errors.cron = 'Required.';
    setFieldErrors(errors);
    const params = form.read();
    if (params && Object.keys(errors).length === 0 && preview.kind === 'ok') create.mutate(params);
  };

  const clear = (field: string) => setFieldErrors(({ [field]: _, ...rest }) => rest);
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-labelledby="new-schedule">
        <Stack>
          <Title order={3} id="new-schedule">
            New schedule
          </Title>
          <Select
            label="Job"
            required
            placeholder="Choose a job…"
            data={definitions.map((candidate) => candidate.name)}
            value={name}
            onChange={(value) => {
              setName(value);
              clear('name');
            }}
            error={fieldErrors.name}
            description={definition?.description}
          />
          {definition && <ParamsForm form={form} />}
          <Group align="flex-start" grow preventGrowOverflow={false}>
            <TextInput
              label="Cron expression"
              required
              description="5 fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1 for Mondays at 09:00."
              placeholder="0 9 * * 1"
              styles={{ input: { fontFamily: 'monospace' } }}
              value={cron}
              onChange={(event) => {
                setCron(event.currentTarget.value);
                clear('cron');
              }}
              error={fieldErrors.cron ?? (preview.kind === 'invalid' ? preview.message : undefined)}
            />
            <Select
              label="Time zone"
              description="The cron is read in this zone."
              searchable
              allowDeselect={false}
              data={zones}
              value={zone}
              onChange={(value) => {
                setZone(value ?? tenant.timezone);
                clear('timezone');
              }}
              error={fieldErrors.timezone}
            />
          </Group>
          <CronRuns cron={cron} zone={zone} />
          {alert && (
            <Alert color="red" title="The schedule was not created" role="alert">
              {alert}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Create schedule
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
