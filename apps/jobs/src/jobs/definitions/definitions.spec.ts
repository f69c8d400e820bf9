import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '#common';
import { JobError } from '../domain/job-error.js';
import { compute } from './arithmetic.definition.js';
import { definitionFor, JOB_DEFINITIONS } from './index.js';
import { sleep } from './sleep.definition.js';

function fieldsOf(name: unknown, params: unknown): string[] {
  try {
    definitionFor(name, params);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return ((error as ValidationError).details.errors ?? []).map((e) => e.field);
  }
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as JobError).code;
  }
}

describe('arithmetic', () => {
  it('computes the contract results exactly', () => {
    expect(compute({ op: 'add', a: 5, b: 10 })).toBe(15);
    expect(compute({ op: 'add', a: 'a', b: 'b' })).toBe('ab');
    expect(compute({ op: 'divide', a: 4, b: 7 })).toBe(0.5714285714285714);
    expect(compute({ op: 'subtract', a: 5, b: 10 })).toBe(-5);
    expect(compute({ op: 'multiply', a: 1.5, b: 4 })).toBe(6);
  });

  it('fails division by zero and non-finite results with their codes', () => {
    expect(codeOf(() => compute({ op: 'divide', a: 4, b: 0 }))).toBe('DIVISION_BY_ZERO');
    expect(codeOf(() => compute({ op: 'multiply', a: 1e308, b: 10 }))).toBe('NOT_FINITE');
    expect(codeOf(() => compute({ op: 'add', a: Number.MAX_VALUE, b: Number.MAX_VALUE }))).toBe('NOT_FINITE');
  });

  it('validates params, naming each field', () => {
    expect(fieldsOf('arithmetic', { op: 'add', a: 5, b: 10 })).toEqual([]);
    expect(fieldsOf('arithmetic', { op: 'add', a: 'a', b: 'b' })).toEqual([]);
    expect(fieldsOf('arithmetic', { op: 'power', a: 1, b: 2 })).toEqual(['params.op']);
    expect(fieldsOf('arithmetic', { op: 'add', a: 1 })).toEqual(['params.b']);
    expect(fieldsOf('arithmetic', { op: 'add', a: 'a', b: 1 })).toEqual(['params.b']);
    expect(fieldsOf('arithmetic', { op: 'divide', a: 'a', b: 'b' })).toEqual(['params.a', 'params.b']);
    expect(fieldsOf('arithmetic', { op: 'add', a: 1, b: 2, c: 3 })).toEqual(['params.c']);
    expect(fieldsOf('arithmetic', { op: 'add', a: null, b: true })).toEqual(['params.a', 'params.b']);
    expect(fieldsOf('arithmetic', [1, 2])).toEqual(['params']);
    expect(fieldsOf('arithmetic', undefined)).toEqual(['params']);
  });
});

describe('sleep', () => {
  it('takes an integer from 0 to 600000', () => {
    expect(fieldsOf('sleep', { ms: 0 })).toEqual([]);
    expect(fieldsOf('sleep', { ms: 600000 })).toEqual([]);
    expect(fieldsOf('sleep', { ms: 600001 })).toEqual(['params.ms']);
    expect(fieldsOf('sleep', { ms: -1 })).toEqual(['params.ms']);
    expect(fieldsOf('sleep', { ms: 1.5 })).toEqual(['params.ms']);
    expect(fieldsOf('sleep', { ms: '10' })).toEqual(['params.ms']);
    expect(fieldsOf('sleep', {})).toEqual(['params.ms']);
  });

  it('stops as soon as it is aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = sleep.run({ ms: 10_000 }, { signal: controller.signal, progress: () => undefined } as never);
    setTimeout(() => controller.abort(new JobError('CANCELLED', 'cancelled')), 50);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('returns {sleptMs}', async () => {
    await expect(sleep.run({ ms: 5 }, { signal: new AbortController().signal, progress: () => undefined } as never)).resolves.toEqual({ sleptMs: 5 });
  });
});

describe('registry', () => {
  it('has the contract definitions, each unique', () => {
    expect(JOB_DEFINITIONS.map((d) => d.name)).toEqual(['arithmetic', 'sleep', 'campaigns.report']);
  });

  it('refuses an unknown name on `name`', () => {
    expect(fieldsOf('nope', {})).toEqual(['name']);
    expect(fieldsOf(42, {})).toEqual(['name']);
  });

  it('campaigns.report takes {} only', () => {
    expect(fieldsOf('campaigns.report', {})).toEqual([]);
    expect(fieldsOf('campaigns.report', { x: 1 })).toEqual(['params.x']);
  });
});
