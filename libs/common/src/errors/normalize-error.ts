import { isDatabaseUnavailable } from '../database/database-errors.js';
import { AppError, InternalError, ServiceUnavailableError } from './app.error.js';

/** Any thrown value as the error model; nothing unexpected keeps its text (no SQL, no stack). */
export function normalizeError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new ServiceUnavailableError('The database is unavailable. Try again shortly.');
  return new InternalError();
}
