import type { FieldError } from '#common';
import type { ParamsSchema, ParamsSchemaType as SchemaType } from '#messaging';

/**
 * The small subset of JSON Schema the definitions' `paramsSchema` use, and its validator: the
 * schema a definition publishes (at `/v1/jobs/definitions` and in OpenAPI) is the very object
 * its parameters are checked against (it lives in the jobs contract, which the gateway's OpenAPI
 * document describes jobs with), so they cannot drift apart. Supported: `type`
 * (object, string, number, integer, boolean; a list of them), `properties`, `required`,
 * `additionalProperties: false`, `enum`, `minimum`, `maximum`, `maxLength`.
 */
export type { ParamsSchema };

export function validateParams(schema: ParamsSchema, value: unknown, path = 'params'): FieldError[] {
  const errors: FieldError[] = [];
  const types = schema.type === undefined ? undefined : [schema.type].flat();
  if (types && !types.some((t) => hasType(t, value))) {
    errors.push({ field: path, message: `must be ${types.map(article).join(' or ')}` });
    return errors;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    errors.push({ field: path, message: `must be one of ${schema.enum.join(', ')}` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push({ field: path, message: `must be at least ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) errors.push({ field: path, message: `must be at most ${schema.maximum}` });
  }
  if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength) {
    errors.push({ field: path, message: `must be at most ${schema.maxLength} characters` });
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!(name in value) || value[name] === undefined) errors.push({ field: `${path}.${name}`, message: 'is required' });
    }
    for (const [name, child] of Object.entries(value)) {
      const childSchema = schema.properties?.[name];
      if (childSchema) errors.push(...validateParams(childSchema, child, `${path}.${name}`));
      else if (schema.additionalProperties === false) errors.push({ field: `${path}.${name}`, message: `property ${name} should not exist` });
    }
  }
  return errors;
}

function hasType(type: SchemaType, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function article(type: SchemaType): string {
  return { object: 'an object', string: 'a string', number: 'a finite number', integer: 'an integer', boolean: 'a boolean' }[type];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
