import { describe, expect, it } from '@jest/globals';
import { exampleValues, fieldHint, fieldsOf, initialValues, readNumber, readParams, splitFieldErrors } from './params-schema';

// The arithmetic and sleep definitions' schemas, as GET /v1/jobs/definitions publishes them.
const arithmetic = {
  type: 'object',
  required: ['op', 'a', 'b'],
  additionalProperties: false,
  properties: {
    op: { enum: ['add', 'subtract', 'multiply', 'divide'], description: 'The operation.' },
    a: { type: ['number', 'string'], maxLength: 10_000, description: 'A finite number; or a string.' },
    b: { type: ['number', 'string'], maxLength: 10_000, description: 'A finite number; or a string.' },
  },
  examples: [{ op: 'add', a: 5, b: 10 }],
};
const sleep = { type: 'object', required: ['ms'], properties: { ms: { type: 'integer', minimum: 0, maximum: 600_000 } } };

describe('fieldsOf (a params schema as form fields)', () => {
  it('maps enums, type lists, integers and the required list, with the examples', () => {
    const [op, a] = fieldsOf(arithmetic);
    expect(op).toMatchObject({ name: 'op', kind: 'enum', required: true, description: 'The operation.', example: 'add' });
    expect(op.options?.map((option) => option.label)).toEqual(['add', 'subtract', 'multiply', 'divide']);
    expect(a).toMatchObject({ name: 'a', kind: 'number-or-string', required: true, maxLength: 10_000, example: '5' });
    expect(fieldsOf(sleep)).toEqual([expect.objectContaining({ name: 'ms', kind: 'integer', minimum: 0, maximum: 600_000, required: true })]);
  });

  it('maps the remaining types, and what it cannot map to JSON', () => {
    const fields = fieldsOf({ properties: { n: { type: 'number' }, s: { type: 'string' }, f: { type: 'boolean' }, o: { type: 'object' }, x: {} } });
    expect(fields.map((field) => [field.name, field.kind, field.required])).toEqual([
      ['n', 'number', false],
      ['s', 'string', false],
      ['f', 'boolean', false],
      ['o', 'json', false],
      ['x', 'json', false],
    ]);
  });

  it('has no fields for a definition without params', () => {
    expect(fieldsOf({ type: 'object', properties: {} })).toEqual([]);
    expect(fieldsOf(undefined)).toEqual([]);
  });

  it('starts empty, fills in the example, and explains number-or-string fields', () => {
    const fields = fieldsOf(arithmetic);
    expect(initialValues(fields)).toEqual({ op: '', a: '', b: '' });
    expect(exampleValues(fields)).toEqual({ op: 'add', a: '5', b: '10' });
    expect(fieldHint(fields[1])).toContain('Sent as a number when it reads as a finite number');
    expect(fieldHint(fieldsOf(sleep)[0])).toBe('From 0 to 600000.');
  });
});

describe('readParams (typed values back into params)', () => {
  const fields = fieldsOf(arithmetic);

  it('sends a number-or-string field as a number when it reads as one, else as text', () => {
    expect(readParams(fields, { op: 'add', a: '5', b: ' -2.5 ' })).toEqual({ ok: true, params: { op: 'add', a: 5, b: -2.5 } });
    expect(readParams(fields, { op: 'add', a: 'a', b: '1e999' })).toEqual({ ok: true, params: { op: 'add', a: 'a', b: '1e999' } });
    expect(readParams(fields, { op: 'add', a: '0x10', b: 'Infinity' })).toEqual({ ok: true, params: { op: 'add', a: '0x10', b: 'Infinity' } });
  });

  it('names missing required fields and values out of bounds', () => {
    expect(readParams(fields, { op: '', a: '1', b: '' })).toEqual({ ok: false, errors: { op: 'Required.', b: 'Required.' } });
    const ms = fieldsOf(sleep);
    expect(readParams(ms, { ms: '1000' })).toEqual({ ok: true, params: { ms: 1000 } });
    expect(readParams(ms, { ms: '1.5' })).toEqual({ ok: false, errors: { ms: 'Must be a whole number.' } });
    expect(readParams(ms, { ms: 'soon' })).toEqual({ ok: false, errors: { ms: 'Must be a number.' } });
    expect(readParams(ms, { ms: '600001' })).toEqual({ ok: false, errors: { ms: 'Must be at most 600000.' } });
    expect(readParams(ms, { ms: '-1' })).toEqual({ ok: false, errors: { ms: 'Must be at least 0.' } });
  });

  it('leaves out empty optional fields, keeps booleans, enum values and JSON as typed', () => {
    const mixed = fieldsOf({ properties: { n: { type: 'number' }, f: { type: 'boolean' }, e: { enum: [1, 2] }, o: { type: 'object' }, s: { type: 'string', maxLength: 3 } } });
    expect(readParams(mixed, { n: '', f: true, e: '2', o: '{"k":1}', s: 'abc' })).toEqual({ ok: true, params: { f: true, e: 2, o: { k: 1 }, s: 'abc' } });
    expect(readParams(mixed, { n: '', f: false, e: '3', o: '{', s: 'abcd' })).toEqual({
      ok: false,
      errors: { e: 'Choose one of the values.', o: 'Must be valid JSON.', s: 'Must be at most 3 characters.' },
    });
  });

  it('reads numbers strictly', () => {
    expect(['1', '-1', '+2.5', '.5', '3.', '1e3', ' 7 '].map(readNumber)).toEqual([1, -1, 2.5, 0.5, 3, 1000, 7]);
    expect(['', ' ', 'abc', '1,5', '0x10', 'Infinity', 'NaN', '1e999', '--1'].map(readNumber)).toEqual(Array(9).fill(undefined));
  });
});

describe('splitFieldErrors (a 400 onto the form)', () => {
  it('puts params.<name> on the param, the rest under its own name', () => {
    expect(
      splitFieldErrors([
        { field: 'params.a', message: 'must be a finite number when op is divide' },
        { field: 'params.a', message: 'must be at most 10000 characters' },
        { field: 'runAt', message: 'must be ISO 8601' },
        { field: 'params', message: 'must be an object' },
      ]),
    ).toEqual({
      params: { a: 'must be a finite number when op is divide; must be at most 10000 characters' },
      other: { runAt: 'must be ISO 8601', params: 'must be an object' },
    });
  });
});
