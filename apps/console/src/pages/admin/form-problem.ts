import { ApiProblem } from '../../api/problem';

/**
 * The errors a form shows on its fields for a refused submission: the field errors of a 400
 * (problem+json `errors`), or a 409 conflict on `conflictField` (a taken slug). Null when the
 * failure belongs to no field (network, 403, 500…): the caller then notifies.
 */
export function formErrorsOf(error: unknown, conflictField?: string): Record<string, string> | null {
  if (!(error instanceof ApiProblem)) return null;
  if (error.status === 409 && conflictField) return { [conflictField]: error.detail || error.title };
  if (error.errors.length > 0) return error.fieldErrors();
  return null;
}
