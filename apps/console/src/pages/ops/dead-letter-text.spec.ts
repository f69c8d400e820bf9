import { describe, expect, it } from '@jest/globals';
import { errorSummary, prettyJson } from './dead-letter-text';

describe('errorSummary (a dead letter\'s error in the list)', () => {
  it('says code and message when both are there', () => {
    expect(errorSummary({ kind: 'internal', code: 'INTERNAL', message: 'An unexpected error occurred.', details: {} })).toBe('INTERNAL: An unexpected error occurred.');
  });

  it('falls back to the message, the code, then the JSON', () => {
    expect(errorSummary({ message: 'boom' })).toBe('boom');
    expect(errorSummary({ code: 'TIMEOUT' })).toBe('TIMEOUT');
    expect(errorSummary({ kind: 'odd' })).toBe('{"kind":"odd"}');
    expect(errorSummary('plain text')).toBe('plain text');
    expect(errorSummary(null)).toBe('—');
  });
});

describe('prettyJson', () => {
  it('indents by two spaces and shows undefined as such', () => {
    expect(prettyJson({ a: { b: 1 } })).toBe('{\n  "a": {\n    "b": 1\n  }\n}');
    expect(prettyJson(undefined)).toBe('undefined');
  });
});
