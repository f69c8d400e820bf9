import { describe, expect, it } from '@jest/globals';
import { ApiProblem } from '../../api/problem';
import { formErrorsOf } from './form-problem';

describe('formErrorsOf (a refusal shown on the fields of a form)', () => {
  it('puts the field errors of a 400 on their fields', () => {
    const problem = ApiProblem.from(400, { code: 'VALIDATION_FAILED', errors: [{ field: 'slug', message: 'must match ^[a-z0-9][a-z0-9-]{1,39}$' }, { field: 'timezone', message: 'is not an IANA time zone' }] });
    expect(formErrorsOf(problem)).toEqual({ slug: 'must match ^[a-z0-9][a-z0-9-]{1,39}$', timezone: 'is not an IANA time zone' });
  });

  it('puts a 409 on the conflicting field, with the server\'s words', () => {
    const problem = ApiProblem.from(409, { code: 'TENANT_EXISTS', title: 'Conflict', detail: 'A tenant with slug demo already exists.' });
    expect(formErrorsOf(problem, 'slug')).toEqual({ slug: 'A tenant with slug demo already exists.' });
    expect(formErrorsOf(ApiProblem.from(409, { title: 'Conflict' }), 'slug')).toEqual({ slug: 'Conflict' });
  });

  it('leaves other failures to a notification', () => {
    expect(formErrorsOf(ApiProblem.from(409, { detail: 'x' }))).toBeNull();
    expect(formErrorsOf(ApiProblem.from(403, { detail: 'Forbidden' }), 'slug')).toBeNull();
    expect(formErrorsOf(ApiProblem.from(400, { detail: 'no fields' }))).toBeNull();
    expect(formErrorsOf(new TypeError('Failed to fetch'), 'slug')).toBeNull();
  });
});
