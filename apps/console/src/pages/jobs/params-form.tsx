import { Button, Checkbox, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { exampleValues, fieldHint, fieldsOf, initialValues, readParams, type ParamField, type RawValue, type RawValues } from './params-schema';

/**
 * A form generated from a job definition's `paramsSchema`. A small renderer of our own, not a
 * JSON Schema form library: @rjsf validates with ajv, which compiles its validators with
 * `new Function`, and the console's Content-Security-Policy (`script-src 'self'`, no
 * 'unsafe-eval') forbids that.
 */
export interface ParamsFormState {
  fields: ParamField[];
  values: RawValues;
  errors: Record<string, string>;
  setValue(name: string, value: RawValue): void;
  setErrors(errors: Record<string, string>): void;
  fillExample(): void;
  /** The params, or null after showing what is wrong on the fields. */
  read(): Record<string, unknown> | null;
}

export function useParamsForm(paramsSchema: unknown): ParamsFormState {
  const fields = useMemo(() => fieldsOf(paramsSchema), [paramsSchema]);
  const [values, setValues] = useState<RawValues>(() => initialValues(fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [shownFor, setShownFor] = useState(fields);
  if (shownFor !== fields) {
    // Another definition was chosen: its own fields, empty.
    setShownFor(fields);
    setValues(initialValues(fields));
    setErrors({});
  }
  return {
    fields,
    values,
    errors,
    setValue: (name, value) => {
      setValues((before) => ({ ...before, [name]: value }));
      setErrors(({ [name]: _, ...rest }) => rest);
    },
    setErrors,
    fillExample: () => {
      setValues(exampleValues(fields));
      setErrors({});
    },
    read: () => {
      const read = readParams(fields, values);
      setErrors(read.ok ? {} : read.errors);
      return read.ok ? read.params : null;
    },
  };
}

function help(field: ParamField): string | undefined {
  return [field.description, fieldHint(field)].filter(Boolean).join(' ') || undefined;
}

function ParamInput({ field, value, error, onChange }: { field: ParamField; value: RawValue; error?: string; onChange: (value: RawValue) => void }) {
  const common = { label: field.name, description: help(field), error, required: field.required };
  if (field.kind === 'boolean') {
    return <Checkbox label={field.name} description={help(field)} error={error} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />;
  }
  if (field.kind === 'enum') {
    const data = (field.options ?? []).map((option) => option.label);
    return <Select {...common} data={data} value={value === '' ? null : String(value)} onChange={(next) => onChange(next ?? '')} clearable={!field.required} allowDeselect={!field.required} placeholder="Choose…" />;
  }
  const placeholder = field.example === undefined ? undefined : `e.g. ${field.example}`;
  if (field.kind === 'json') {
    return <Textarea {...common} placeholder={placeholder} autosize minRows={2} value={String(value)} onChange={(event) => onChange(event.currentTarget.value)} />;
  }
  const numeric = field.kind === 'integer' || field.kind === 'number';
  return (
    <TextInput
      {...common}
      placeholder={placeholder}
      inputMode={field.kind === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined}
      maxLength={field.kind === 'string' ? field.maxLength : undefined}
      value={String(value)}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

/** The generated fields; a definition without params says so. */
export function ParamsForm({ form }: { form: ParamsFormState }) {
  if (form.fields.length === 0) return <Text size="sm" c="gray.7">This job takes no parameters.</Text>;
  const hasExample = form.fields.some((field) => field.example !== undefined);
  return (
    <Stack gap="sm">
      {form.fields.map((field) => (
        <ParamInput key={field.name} field={field} value={form.values[field.name] ?? ''} error={form.errors[field.name]} onChange={(value) => form.setValue(field.name, value)} />
      ))}
      {hasExample && (
        <Group>
          <Button variant="subtle" size="xs" onClick={form.fillExample}>
            Fill in the example
          </Button>
        </Group>
      )}
    </Stack>
  );
}
