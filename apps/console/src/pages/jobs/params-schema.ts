import type { FieldError } from '../../api/problem';

/**
 * The small JSON Schema subset job definitions publish as `paramsSchema` (GET
 * /v1/jobs/definitions), read into form fields, and a form's typed values read back into params.
 * Hand-written on purpose: JSON Schema form libraries (@rjsf) validate with ajv, which compiles
 * validators with `new Function`, and the console's CSP (`script-src 'self'`, no
 * 'unsafe-eval') forbids that. The server validates the params anyway; the checks here only
 * save a round trip.
 */
export interface ParamsSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, ParamsSchema>;
  required?: string[];
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  examples?: unknown[];
}

export type FieldKind = 'enum' | 'boolean' | 'integer' | 'number' | 'string' | 'number-or-string' | 'json';

export interface ParamField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** The enum's values, each shown as its JSON text (a string as itself). */
  options?: { label: string; value: unknown }[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  /** The first example the schema gives for this field, as typed. */
  example?: string;
}

/** A field's typed value: text for every input but a checkbox. */
export type RawValue = string | boolean;
export type RawValues = Record<string, RawValue>;

const asSchema = (value: unknown): ParamsSchema => (typeof value === 'object' && value !== null ? (value as ParamsSchema) : {});

function kindOf(schema: ParamsSchema): FieldKind {
  if (schema.enum) return 'enum';
  const types = [schema.type ?? []].flat();
  if (types.length === 2 && types.includes('number') && types.includes('string')) return 'number-or-string';
  if (types.length !== 1) return 'json';
  const [type] = types;
  return type === 'boolean' || type === 'integer' || type === 'number' || type === 'string' ? type : 'json';
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The form fields of a definition's params schema, in the schema's order. */
export function fieldsOf(paramsSchema: unknown): ParamField[] {
  const schema = asSchema(paramsSchema);
  const required = new Set(schema.required ?? []);
  const example = asSchema(schema.examples?.[0]) as Record<string, unknown>;
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const child = asSchema(property);
    const sample = child.examples?.[0] ?? example[name];
    return {
      name,
      kind: kindOf(child),
      required: required.has(name),
      description: child.description,
      options: child.enum?.map((value) => ({ label: show(value), value })),
      minimum: child.minimum,
      maximum: child.maximum,
      maxLength: child.maxLength,
      example: sample === undefined ? undefined : show(sample),
    };
  });
}

/** The values of an untouched form: checkboxes off, everything else empty. */
export function initialValues(fields: ParamField[]): RawValues {
  return Object.fromEntries(fields.map((field) => [field.name, field.kind === 'boolean' ? false : '']));
}

/** The values a schema's first example gives (for "Fill in the example"). */
export function exampleValues(fields: ParamField[]): RawValues {
  return Object.fromEntries(fields.map((field) => [field.name, field.kind === 'boolean' ? field.example === 'true' : (field.example ?? '')]));
}

/** What a number field's help says beyond the schema's description. */
export function fieldHint(field: ParamField): string | undefined {
  const hints: string[] = [];
  if (field.kind === 'number-or-string') hints.push('Sent as a number when it reads as a finite number (e.g. 5 or -2.5), otherwise as text.');
  if (field.kind === 'json') hints.push('Typed as JSON.');
  if (field.minimum !== undefined && field.maximum !== undefined) hints.push(`From ${field.minimum} to ${field.maximum}.`);
  else if (field.minimum !== undefined) hints.push(`At least ${field.minimum}.`);
  else if (field.maximum !== undefined) hints.push(`At most ${field.maximum}.`);
  return hints.length ? hints.join(' ') : undefined;
}

/** A finite number when the whole text reads as one (not "", "0x10", "1e999" or "Infinity"). */
export function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

type Read = { ok: true; value: unknown } | { ok: false; message: string };

function readText(field: ParamField, text: string): Read {
  switch (field.kind) {
    case 'enum': {
      const option = field.options?.find((candidate) => candidate.label === text);
      return option ? { ok: true, value: option.value } : { ok: false, message: 'Choose one of the values.' };
    }
    case 'integer':
    case 'number': {
      const value = readNumber(text);
      if (value === undefined) return { ok: false, message: 'Must be a number.' };
      if (field.kind === 'integer' && !Number.isSafeInteger(value)) return { ok: false, message: 'Must be a whole number.' };
      return { ok: true, value };
    }
    case 'number-or-string':
      return { ok: true, value: readNumber(text) ?? text };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, message: 'Must be valid JSON.' };
      }
    default:
      return { ok: true, value: text };
  }
}

function check(field: ParamField, value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (field.minimum !== undefined && value < field.minimum) return `Must be at least ${field.minimum}.`;
    if (field.maximum !== undefined && value > field.maximum) return `Must be at most ${field.maximum}.`;
  }
  if (typeof value === 'string' && field.maxLength !== undefined && value.length > field.maxLength) return `Must be at most ${field.maxLength} characters.`;
  return undefined;
}

export type ParamsRead = { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/**
 * The params the form's values mean: numbers as numbers, enum values as the schema has them, an
 * empty optional field left out. A missing required field or a value out of bounds is an error
 * keyed by the field's name.
 */
export function readParams(fields: ParamField[], values: RawValues): ParamsRead {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (typeof raw === 'boolean') {
      params[field.name] = raw;
      continue;
    }
    if ((raw ?? '') === '') {
      if (field.required) errors[field.name] = 'Required.';
      continue;
    }
    const read = readText(field, raw);
    const problem = read.ok ? check(field, read.value) : read.message;
    if (problem) errors[field.name] = problem;
    else if (read.ok) params[field.name] = read.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, params };
}

/**
 * A 400's field errors split for a form: `params.<name>` onto that param's field, any other
 * field (`runAt`, `cron`, `name`, `params` itself) under its own name.
 */
export function splitFieldErrors(errors: FieldError[]): { params: Record<string, string>; other: Record<string, string> } {
  const params: Record<string, string> = {};
  const other: Record<string, string> = {};
  for (const { field, message } of errors) {
    const match = /^params\.([^.]+)/.exec(field);
    if (match) params[match[1]] = join(params[match[1]], message);
    else other[field] = join(other[field], message);
  }
  return { params, other };
}

const join = (before: string | undefined, message: string) => (before ? `${before}; ${message}` : message);
