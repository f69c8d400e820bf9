/** A refusal of the API, read from its application/problem+json body. */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[],
    /** The whole body: some problems carry more (campaign bounds, event ids, the current job). */
    readonly body: Record<string, unknown>,
  ) {
    super(detail || title);
  }

  static from(status: number, body: unknown): ApiProblem {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const text = (key: string) => (typeof problem[key] === 'string' ? (problem[key] as string) : '');
    const errors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
    return new ApiProblem(status, text('code') || `HTTP_${status}`, text('title') || `HTTP ${status}`, text('detail'), errors, problem);
  }

  /** The field errors keyed by field, as a form shows them. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.errors.map((error) => [error.field, error.message]));
  }
}

/** What to tell a person about any failure of a call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 403) return 'You do not have permission to do this.';
    return error.detail || error.title;
  }
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}
