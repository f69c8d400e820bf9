import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PASSWORD_RULES as PASSWORD, SIGNING_KEY_RULES as JWT, weakSecretProblem } from './secret-strength.js';

describe('weak secrets', () => {
  it.each([
    ['a'.repeat(64), JWT],
    ['ab'.repeat(32), JWT],
    ['0123'.repeat(16), JWT],
    ['abcdefghij'.repeat(8), JWT],
    ['abcabcabcabcabcab', PASSWORD],
    ['x', PASSWORD],
    ['short-password', PASSWORD],
    ['passwordpassword', PASSWORD],
    ['a'.repeat(40), PASSWORD],
  ])('refuses %s', (secret, rules) => {
    expect(weakSecretProblem('SECRET', secret, rules)).toMatch(/^SECRET /);
  });

  it('accepts random values of the advised shape', () => {
    for (let i = 0; i < 200; i++) {
      expect(weakSecretProblem('JWT_SECRET', randomBytes(24).toString('base64url'), JWT)).toBeNull();
      expect(weakSecretProblem('JWT_SECRET', randomBytes(16).toString('hex'), JWT)).toBeNull();
      expect(weakSecretProblem('PASSWORD', randomBytes(12).toString('base64url'), PASSWORD)).toBeNull();
    }
  });
});
