import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors/index.js';
import { expectedVersions } from './if-match.js';

const ID = '0b9b5a8e-7f6e-4c1a-9f3e-2d7c1b0a9e11';

describe('If-Match as expected versions', () => {
  it('absent or * means any version', () => {
    expect(expectedVersions(undefined, ID)).toBeUndefined();
    expect(expectedVersions('*', ID)).toBeUndefined();
    expect(expectedVersions(`"${ID}:1:live", *`, ID)).toBeUndefined();
  });

  it('takes the versions of strong tags naming this resource, status or not, any case', () => {
    expect(expectedVersions(`"${ID}:3:live", "${ID.toUpperCase()}:4"`, ID)).toEqual([3, 4]);
    expect(expectedVersions([`"${ID}:5:ended"`, `"${ID}:6"`], ID)).toEqual([5, 6]);
  });

  it('a weak tag or another resource never matches (412 later), and no tag at all is a 400', () => {
    expect(expectedVersions(`W/"${ID}:3:live", "${'1'.repeat(8)}-0000-0000-0000-000000000000:3"`, ID)).toEqual([]);
    expect(() => expectedVersions('2', ID)).toThrow(ValidationError);
  });
});
