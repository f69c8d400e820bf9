import { ValidationError, type FieldError, type RequestContext } from '#common';
import type { ChangeRequest, CreateCampaignRequest } from '#messaging';
import type { CreateCampaignBody, PatchCampaignBody } from './campaigns.dto.js';
import { parseInstant } from './instants.js';

/** Reads both dates (collecting both errors) in the tenant's zone into ISO instants. */
function instants<K extends 'startDate' | 'endDate'>(body: Partial<Record<K, string>>, fields: K[], ctx: RequestContext): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  const errors: FieldError[] = [];
  for (const field of fields) {
    if (body[field] === undefined) continue;
    try {
      out[field] = parseInstant(body[field], field, ctx.tenantTimezone).toISOString();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...(error.details.errors ?? []));
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}

export function createRequest(body: CreateCampaignBody, ctx: RequestContext): CreateCampaignRequest {
  const { startDate, endDate } = instants(body, ['startDate', 'endDate'], ctx);
  return { name: body.name, description: body.description ?? null, startDate: startDate!, endDate: endDate! };
}

/** A PATCH body as the explicit changes it asks for: rename, describe, reschedule. */
export function changeRequest(id: string, body: PatchCampaignBody, expectedVersions: number[] | undefined, ctx: RequestContext): ChangeRequest {
  const request: ChangeRequest = { id, expectedVersions };
  if (body.name !== undefined) request.rename = { name: body.name };
  if (body.description !== undefined) request.describe = { description: body.description };
  if (body.startDate !== undefined || body.endDate !== undefined) request.reschedule = instants(body, ['startDate', 'endDate'], ctx);
  if (!request.rename && !request.describe && !request.reschedule) {
    throw ValidationError.field('body', 'must set at least one of name, description, startDate, endDate');
  }
  return request;
}
