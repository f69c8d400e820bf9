import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ValidationError } from '../errors/index.js';
import { RequestValidationPipe } from './validation.pipe.js';

class Inner {
  @IsInt()
  n: number;
}

class Body {
  @IsString()
  name: string;

  @ValidateNested()
  @Type(() => Inner)
  inner: Inner;
}

describe('RequestValidationPipe', () => {
  const pipe = new RequestValidationPipe();
  const validate = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Body });

  it('reports dotted field paths and unknown fields', async () => {
    const error = await validate({ name: 1, inner: { n: 'x' }, extra: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'must be a string' },
        { field: 'inner.n', message: 'must be an integer number' },
        { field: 'extra', message: 'property extra should not exist' },
      ]),
    );
  });

  it('says once that a missing field is required, whatever rules it has', async () => {
    const error = await validate({ inner: { n: 1 } }).catch((e: unknown) => e);
    expect((error as ValidationError).details.errors).toEqual([{ field: 'name', message: 'is required' }]);
  });

  it.each([[null], [[1, 2]], ['text'], [42]])('refuses a body that is not an object: %p', async (value) => {
    const error = await validate(value).catch((e: unknown) => e);
    expect((error as ValidationError).details.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });
});
