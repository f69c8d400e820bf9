import { ApiProblem, describeError } from '../../api/problem';
import { splitFieldErrors } from './params-schema';

/** A refused submission laid out for a form: errors on the fields it has, the rest in an alert. */
export interface FormProblem {
  params: Record<string, string>;
  fields: Record<string, string>;
  message: string | null;
}

export function formProblem(error: unknown, formFields: readonly string[]): FormProblem {
  if (!(error instanceof ApiProblem) || error.errors.length === 0) return { params: {}, fields: {}, message: describeError(error) };
  const { params, other } = splitFieldErrors(error.errors);
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [field, message] of Object.entries(other)) {
    if (formFields.includes(field)) fields[field] = message;
    else elsewhere.push(`${field} ${message}`);
  }
  const message = elsewhere.length ? `${error.detail || error.title}: ${elsewhere.join('; ')}` : null;
  return { params, fields, message };
}
