import { unstorableCharacter } from '../database/storable-text.js';
import { AppError, FieldError, ValidationError } from '../errors/index.js';

/** Deeper than any body of the API needs, far below what a recursive reader can take. */
export const MAX_JSON_DEPTH = 32;

export const malformedJson = (message = 'is not valid JSON'): AppError =>
  new AppError('invalid', 'MALFORMED_JSON', 'The request body is not valid JSON.', { errors: [{ field: 'body', message }] });

export const emptyJsonBody = (): AppError =>
  new AppError('invalid', 'EMPTY_BODY', 'The body is empty but its content type says JSON.', {
    errors: [{ field: 'body', message: 'must not be empty when Content-Type is application/json' }],
  });

/**
 * What a parsed JSON body may hold before any application code sees it, checked once for every
 * route: nesting at most MAX_JSON_DEPTH deep (a 3 KB body nested 1,500 deep overflowed the
 * stack of the validators), and no string or key that PostgreSQL cannot store (a lone UTF-16
 * surrogate such as "\ud800", or NUL), which would otherwise fail deep in a write as a 500.
 * Returns the first offence as a field error (a dotted path), or null.
 */
export function jsonBodyProblem(value: unknown): FieldError | null {
  return inspect(value, '', 0);
}

function inspect(value: unknown, path: string, depth: number): FieldError | null {
  if (typeof value === 'string') return stringProblem(value, path || 'body');
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return { field: path || 'body', message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = path ? `${path}.${key}` : key;
    const problem = stringProblem(key, childPath) ?? inspect(child, childPath, depth + 1);
    if (problem) return problem;
  }
  return null;
}

function stringProblem(text: string, field: string): FieldError | null {
  const found = unstorableCharacter(text);
  if (found === null) return null;
  return { field, message: found === '\u0000' ? 'must not contain NUL (U+0000)' : 'contains a lone UTF-16 surrogate (not valid Unicode)' };
}

/** Throws the field error of `jsonBodyProblem` as a 400. */
export function checkJsonBody(value: unknown): void {
  const problem = jsonBodyProblem(value);
  if (problem) throw new ValidationError([problem], `${problem.field}: ${problem.message}`);
}
