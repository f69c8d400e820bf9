import { ValidationError } from '#common';
import { arithmetic } from './arithmetic.definition.js';
import { campaignsReport } from './campaigns-report.definition.js';
import type { JobDefinition } from './job-definition.js';
import { validateParams } from './params-schema.js';
import { sleep } from './sleep.definition.js';

/**
 * Every job staff may start, by name. Adding a definition: one file beside these (its schema,
 * limits and `run`), and its name in this list.
 */
export const JOB_DEFINITIONS: readonly JobDefinition[] = [arithmetic, sleep, campaignsReport];

const BY_NAME = new Map(JOB_DEFINITIONS.map((d) => [d.name, d]));

export function findDefinition(name: string): JobDefinition | undefined {
  return BY_NAME.get(name);
}

/** The definition named in a registration, with its parameters checked (400 naming each field). */
export function definitionFor(name: unknown, params: unknown): JobDefinition {
  const definition = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (!definition) throw ValidationError.field('name', `must be one of ${JOB_DEFINITIONS.map((d) => d.name).join(', ')}`);
  let errors = validateParams(definition.paramsSchema, params);
  if (errors.length === 0 && definition.refine) errors = definition.refine(params);
  if (errors.length > 0) throw new ValidationError(errors, errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return definition;
}

export type { JobDefinition, JobRunContext } from './job-definition.js';
