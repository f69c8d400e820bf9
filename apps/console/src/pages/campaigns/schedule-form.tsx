import { Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { readLocalInput, toLocalInput } from '../../lib/dates';
import type { Changes } from './campaigns.api';

export interface Scheduled {
  name: string;
  description: string | null;
  startDate: string;
  endDate: string;
}

interface Values {
  name: string;
  description: string;
  start: string;
  end: string;
}

/**
 * The form of a campaign or an event: a name, a description, and when it runs, typed as wall-clock
 * times in the tenant's zone. A time that does not exist there (a daylight-saving gap) is
 * explained before anything is sent; the API checks the same rules again and its field errors
 * land on the fields.
 */
export function ScheduleForm({
  initial,
  zone,
  submitLabel,
  onSubmit,
  onCancel,
  onFailure,
}: {
  initial?: Scheduled;
  zone: string;
  submitLabel: string;
  /** Only what changed is given (everything when there is no `initial`). */
  onSubmit: (changes: Changes) => Promise<unknown>;
  onCancel?: () => void;
  /** A refusal that is not about one field (412, 409): the caller shows it. */
  onFailure: (error: unknown) => void;
}) {
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: initial?.name ?? '',
      description: initial?.description ?? '',
      start: initial ? toLocalInput(initial.startDate, zone) : '',
      end: initial ? toLocalInput(initial.endDate, zone) : '',
    },
    validate: {
      name: (value) => (value.trim() ? null : 'A name is required.'),
      start: (value) => timeError(value, zone),
      end: (value, values) => timeError(value, zone) ?? orderError(values, zone),
    },
  });

  const submit = form.onSubmit(async (values) => {
    const changes = changesOf(values, initial, zone);
    if (Object.keys(changes).length === 0) return onCancel?.();
    setBusy(true);
    try {
      await onSubmit(changes);
    } catch (error) {
      const onFields = error instanceof ApiProblem && error.status === 400 && error.errors.length > 0 && error.errors.every(({ field }) => field in FIELDS);
      if (onFields) for (const { field, message } of (error as ApiProblem).errors) form.setFieldError(FIELDS[field], message);
      else onFailure(error);
    } finally {
      setBusy(false);
    }
  });

  const note = (value: string) => {
    const read = readLocalInput(value, zone);
    return read.kind === 'ok' ? read.note : undefined;
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label="Name" required maxLength={200} data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} maxLength={5000} {...form.getInputProps('description')} />
        <Text size="xs" c="dimmed">
          Times are in {zone}.
        </Text>
        <Group grow align="flex-start">
          <TextInput type="datetime-local" label="Starts" required description={note(form.values.start)} {...form.getInputProps('start')} />
          <TextInput type="datetime-local" label="Ends" required description={note(form.values.end)} {...form.getInputProps('end')} />
        </Group>
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The API's field names and the form's. */
const FIELDS: Record<string, keyof Values> = { name: 'name', description: 'description', startDate: 'start', endDate: 'end' };

function timeError(value: string, zone: string): string | null {
  const read = readLocalInput(value, zone);
  if (read.kind === 'empty') return 'A time is required.';
  if (read.kind === 'invalid') return 'This is not a valid date and time.';
  return read.kind === 'gap' ? read.message : null;
}

function orderError(values: Values, zone: string): string | null {
  const start = readLocalInput(values.start, zone);
  const end = readLocalInput(values.end, zone);
  return start.kind === 'ok' && end.kind === 'ok' && Date.parse(end.iso) <= Date.parse(start.iso) ? 'The end must be after the start.' : null;
}

function changesOf(values: Values, initial: Scheduled | undefined, zone: string): Changes {
  const instant = (value: string) => {
    const read = readLocalInput(value, zone);
    return read.kind === 'ok' ? read.iso : '';
  };
  const next = { name: values.name.trim(), description: values.description.trim() || null, startDate: instant(values.start), endDate: instant(values.end) };
  if (!initial) return next;
  const changes: Changes = {};
  if (next.name !== initial.name) changes.name = next.name;
  if (next.description !== initial.description) changes.description = next.description;
  if (Date.parse(next.startDate) !== Date.parse(initial.startDate)) changes.startDate = next.startDate;
  if (Date.parse(next.endDate) !== Date.parse(initial.endDate)) changes.endDate = next.endDate;
  return changes;
}
