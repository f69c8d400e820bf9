import { ValidationError } from '#common';

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 5000;

/** A name: 1–200 characters (code points), not only blanks, no NUL (PostgreSQL text cannot hold it). */
export function checkName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string') throw ValidationError.field(field, 'must be a string');
  const length = [...name].length;
  if (length < 1 || length > NAME_MAX) throw ValidationError.field(field, `must be 1 to ${NAME_MAX} characters long`);
  if (name.trim().length === 0) throw ValidationError.field(field, 'must not be blank');
  if (name.includes('\u0000')) throw ValidationError.field(field, 'must not contain NUL characters');
  return name;
}

/** A description: absent is null; otherwise at most 5000 characters. */
export function checkDescription(description: unknown, field = 'description'): string | null {
  if (description === undefined || description === null) return null;
  if (typeof description !== 'string') throw ValidationError.field(field, 'must be a string or null');
  if ([...description].length > DESCRIPTION_MAX) throw ValidationError.field(field, `must be at most ${DESCRIPTION_MAX} characters long`);
  // PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database.
  if (description.includes('\u0000')) throw ValidationError.field(field, 'must not contain NUL characters');
  return description;
}
