import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors/index.js';
import { checkJsonBody, jsonBodyProblem, MAX_JSON_DEPTH } from './json-body.js';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('JSON body checks', () => {
  it('accepts ordinary bodies, emoji (surrogate pairs) included', () => {
    expect(jsonBodyProblem({ name: 'Black Friday 😀', params: { a: [1, 'x', null, { b: true }] } })).toBeNull();
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses nesting past the limit, naming the path where it passed it, without recursing further', () => {
    expect(jsonBodyProblem({ params: nested(MAX_JSON_DEPTH) })).toEqual({ field: expect.stringMatching(/^params(\.a)*$/), message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
    // 100,000 levels: a recursive reader would overflow; this stops at the limit.
    expect(jsonBodyProblem(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))?.message).toMatch(/nests deeper/);
  });

  it.each([
    ['a lone high surrogate', { name: 'x\ud800y' }, 'name'],
    ['a lone low surrogate', { description: '\udc00' }, 'description'],
    ['a reversed pair', { name: '\udc00\ud800' }, 'name'],
    ['NUL', { params: { a: 'x\u0000' } }, 'params.a'],
    ['a bad key', { params: { 'k\ud800': 1 } }, 'params.k\ud800'],
    ['in an array', { params: { list: ['ok', '\ud800'] } }, 'params.list.1'],
  ])('refuses %s, naming the field', (_label, body, field) => {
    expect(jsonBodyProblem(body)?.field).toBe(field);
    expect(() => checkJsonBody(body)).toThrow(ValidationError);
  });
});
