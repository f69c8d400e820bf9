/** A dead letter's last failure in one line: its message, else its code, else the JSON. */
export function errorSummary(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return '—';
  const { message, code } = error as { message?: unknown; code?: unknown };
  if (typeof message === 'string' && message) return typeof code === 'string' && code ? `${code}: ${message}` : message;
  if (typeof code === 'string' && code) return code;
  return JSON.stringify(error);
}

/** Any JSON value, indented for reading. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}
