import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useTenant } from '../../auth/auth-context';
import { readLocalInput } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { formProblem } from './form-problem';
import { jobKeys } from './job-queries';
import type { JobDefinition } from './jobs-model';
import { ParamsForm, useParamsForm } from './params-form';

type Registration = paths['/v1/jobs']['post']['requestBody']['content']['application/json'];

/** The optional delayed start, read in the tenant's zone. */
function useRunAt(zone: string) {
  const [value, setValue] = useState('');
  const [serverError, setServerError] = useState<string | undefined>();
  const read = readLocalInput(value, zone);
  const error = serverError ?? (read.kind === 'gap' ? read.message : read.kind === 'invalid' ? 'Not a valid date and time.' : undefined);
  const note = read.kind === 'ok' ? read.note : undefined;
  return {
    value,
    error,
    note,
    iso: read.kind === 'ok' ? read.iso : undefined,
    valid: read.kind === 'ok' || read.kind === 'empty',
    setValue: (next: string) => {
      setValue(next);
      setServerError(undefined);
    },
    setServerError,
  };
}

/**
 * The start form in a modal that stays mounted, so that closing it gives the keyboard focus back
 * to the Start button that opened it. `opening` changes with each opening: a fresh form, and a
 * fresh Idempotency-Key.
 */
export function StartJobModal({ definition, opened, opening, onClose }: { definition: JobDefinition | null; opened: boolean; opening: number; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={definition ? `Start ${definition.name}` : 'Start a job'} size="lg">
      {definition && <StartJobForm key={opening} definition={definition} onClose={onClose} />}
    </Modal>
  );
}

/**
 * Start one job of a definition: its generated params form and an optional start time. The
 * Idempotency-Key is made once per opening of the form, so a submission repeated after a lost
 * answer makes no second job.
 */
function StartJobForm({ definition, onClose }: { definition: JobDefinition; onClose: () => void }) {
  const tenant = useTenant();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useParamsForm(definition.paramsSchema);
  const runAt = useRunAt(tenant.timezone);
  const [alert, setAlert] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: (params: Record<string, unknown>) => {
      const body = { name: definition.name, params, ...(runAt.iso ? { runAt: runAt.iso } : {}) } as Registration;
      return unwrap(api.POST('/v1/jobs', { body, headers: { 'Idempotency-Key': idempotencyKey } }));
    },
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.job(job.id), job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists });
      notifySuccess(`Job ${definition.name} started.`);
      void navigate(`/jobs/${job.id}`);
    },
    onError: (error) => {
      const problem = formProblem(error, ['runAt']);
      form.setErrors(problem.params);
      runAt.setServerError(problem.fields.runAt);
      setAlert(problem.message);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    const params = form.read();
    if (params && runAt.valid) start.mutate(params);
  };

  return (
    <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{definition.description}</Text>
          <ParamsForm form={form} />
          <TextInput
            type="datetime-local"
            label="Run at (optional)"
            description={runAt.note ?? `In ${tenant.timezone}. Leave empty to start at once.`}
            value={runAt.value}
            error={runAt.error}
            onChange={(event) => runAt.setValue(event.currentTarget.value)}
          />
          {alert && (
            <Alert color="red" title="The job was not started" role="alert">
              {alert}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={start.isPending}>
              Start job
            </Button>
          </Group>
        </Stack>
      </form>
  );
}
