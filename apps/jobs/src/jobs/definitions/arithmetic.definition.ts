import type { FieldError } from '#common';
import { JOB_SCHEMAS } from '#messaging';
import { JobError } from '../domain/job-error.js';
import type { JobDefinition } from './job-definition.js';

type Op = 'add' | 'subtract' | 'multiply' | 'divide';

export interface ArithmeticParams {
  op: Op;
  a: number | string;
  b: number | string;
}

/**
 * The old system's arithmetic tasks. `a` and `b` are finite numbers, or both strings when `op`
 * is `add` (concatenation). The result is the bare value. Division by zero and a non-finite
 * result fail the job (not retried: the same inputs give the same answer).
 */
export const arithmetic: JobDefinition<ArithmeticParams, number | string> = {
  name: 'arithmetic',
  description: 'Adds, subtracts, multiplies or divides two numbers; `add` also concatenates two strings. The result is the bare value.',
  paramsSchema: JOB_SCHEMAS.arithmetic.params,
  refine(params) {
    const errors: FieldError[] = [];
    const strings = typeof params.a === 'string' || typeof params.b === 'string';
    if (strings && params.op !== 'add') {
      for (const f of ['a', 'b'] as const) if (typeof params[f] === 'string') errors.push({ field: `params.${f}`, message: `must be a finite number when op is ${params.op}` });
    } else if (strings && typeof params.a !== typeof params.b) {
      for (const f of ['a', 'b'] as const) if (typeof params[f] !== 'string') errors.push({ field: `params.${f}`, message: 'must be a string when the other operand is a string' });
    }
    return errors;
  },
  timeoutMs: 10_000,
  attempts: 1,
  backoffMs: 1000,
  concurrency: 50,
  async run(params) {
    return compute(params);
  },
};

export function compute({ op, a, b }: ArithmeticParams): number | string {
  if (typeof a === 'string' || typeof b === 'string') return `${a}${b}`;
  if (op === 'divide' && b === 0) throw new JobError('DIVISION_BY_ZERO', `${a} cannot be divided by zero.`);
  const result = op === 'add' ? a + b : op === 'subtract' ? a - b : op === 'multiply' ? a * b : a / b;
  if (!Number.isFinite(result)) throw new JobError('NOT_FINITE', `${a} ${op} ${b} is not a finite number.`);
  return result;
}
