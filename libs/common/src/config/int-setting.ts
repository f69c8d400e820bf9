import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

export interface IntRange {
  min: number;
  max?: number;
  unit?: 'milliseconds' | 'seconds' | 'days';
}

/**
 * An integer setting and its bounds, with one message that says all of it, whichever bound a
 * value breaks: "must be an integer number of milliseconds from 50 to 5000".
 */
export function IntSetting(range: IntRange): PropertyDecorator {
  const message = intSettingMessage(range);
  const bounds = [IsInt({ message }), Min(range.min, { message })];
  if (range.max !== undefined) bounds.push(Max(range.max, { message }));
  return applyDecorators(...bounds);
}

export function intSettingMessage({ min, max, unit }: IntRange): string {
  const kind = min === 1 && max === undefined ? 'a positive integer' : 'an integer';
  const of = unit ? ` number of ${unit}` : '';
  const bounds = max !== undefined ? ` from ${min} to ${max}` : min === 1 ? '' : ` (at least ${min})`;
  return `must be ${kind}${of}${bounds}`;
}
