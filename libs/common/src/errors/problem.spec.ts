import { describe, expect, it } from '@jest/globals';
import { AppError, ConflictError, NotFoundError, ValidationError } from './app.error.js';
import { normalizeError } from './normalize-error.js';
import { toProblem } from './problem.js';

describe('toProblem', () => {
  it('maps a validation error to 400 with its field errors', () => {
    const problem = toProblem(ValidationError.field('name', 'must not be empty'), '/v1/x', 'r1');
    expect(problem).toEqual({
      type: 'https://problems.campaigns.dev/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'name: must not be empty',
      instance: '/v1/x',
      code: 'VALIDATION_FAILED',
      requestId: 'r1',
      errors: [{ field: 'name', message: 'must not be empty' }],
    });
  });

  it('keeps extension members of other errors and no errors array', () => {
    const problem = toProblem(new ConflictError('EVENTS_OUTSIDE_CAMPAIGN', 'no', { eventIds: ['a'] }), '/p', 'r');
    expect(problem.status).toBe(409);
    expect(problem.eventIds).toEqual(['a']);
    expect(problem).not.toHaveProperty('errors');
  });

  it.each([
    [new NotFoundError('Campaign', 'x'), 404],
    [new AppError('precondition_failed', 'PRECONDITION_FAILED', 'stale'), 412],
    [new AppError('unavailable', 'SERVICE_UNAVAILABLE', 'down'), 503],
    [new AppError('timeout', 'DEADLINE_EXCEEDED', 'late'), 504],
  ])('%s answers %i', (error, status) => {
    expect(toProblem(error, '/', 'r').status).toBe(status);
  });
});

describe('normalizeError', () => {
  it('hides the text of anything unexpected', () => {
    const error = normalizeError(new Error('relation "secret" does not exist'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('secret');
  });

  it('turns a lost database connection into 503', () => {
    expect(normalizeError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).code).toBe('SERVICE_UNAVAILABLE');
  });
});
