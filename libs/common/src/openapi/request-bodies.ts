import type { OpenAPIObject, OperationObject, ReferenceObject, RequestBodyObject, SchemaObject } from '@nestjs/swagger';

/**
 * Says in a built document what the request validation does to every JSON body: unknown
 * fields are refused (the validation pipe's `forbidNonWhitelisted`), so each body schema gets
 * `additionalProperties: false`; a PATCH is a merge that must change something (an empty one
 * is a 400), so its body gets `minProperties: 1`.
 */
export function withStrictBodies(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: SchemaObject | ReferenceObject): SchemaObject[] => {
    if ('$ref' in schema) return resolve(schemas[schema.$ref.split('/').pop()!]!);
    return schema.oneOf ? schema.oneOf.flatMap(resolve) : [schema];
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
      const body = (operation?.requestBody as RequestBodyObject | undefined)?.content?.['application/json']?.schema;
      for (const schema of body ? resolve(body) : []) {
        schema.additionalProperties = false;
        if (method === 'patch') schema.minProperties = 1;
      }
    }
  }
  return document;
}
