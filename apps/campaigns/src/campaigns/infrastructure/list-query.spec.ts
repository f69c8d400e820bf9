import { describe, expect, it } from '@jest/globals';
import { escapeLike } from './list-query.js';

describe('list query', () => {
  it('escapes LIKE wildcards in q', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
