import type { SchemaObject } from '@nestjs/swagger';
import type { ParamsSchema } from '#messaging';

/**
 * A job definition's JSON Schema (the jobs contract's, the one parameters are validated
 * against) as an OpenAPI 3.0 schema: 3.0 has no list of types (`type: [number, string]`
 * becomes a `oneOf`) and a single `example` instead of `examples`.
 */
export function openApiSchema(schema: ParamsSchema): SchemaObject {
  const { type, properties, examples, description, ...rest } = schema;
  const converted: SchemaObject = { ...(rest as SchemaObject) };
  if (properties) converted.properties = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, openApiSchema(child)]));
  const described = { ...(description ? { description } : {}), ...(examples?.length ? { example: examples[0] } : {}) };
  if (Array.isArray(type)) return { ...described, oneOf: type.map((one) => ({ ...converted, type: one })) };
  return { ...converted, ...(type ? { type } : {}), ...described };
}
