import type { LinkObject } from '@nestjs/swagger';

/**
 * OpenAPI links from a create's answer to the operations that read, change or delete what it
 * made, by operationId: `parameter` of each is taken from the answer's `field`.
 */
export function createdLinks(operations: Record<string, string>, parameter = 'id', field = parameter): Record<string, LinkObject> {
  return Object.fromEntries(
    Object.entries(operations).map(([operationId, description]) => [operationId, { operationId, description, parameters: { [parameter]: `$response.body#/${field}` } }]),
  );
}
