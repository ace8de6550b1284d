/**
 * The shared result helpers (issue 11 §8: each case once let a changed rule through mutation
 * testing): which refusals the clerk may confirm, and the guard that keeps upper-casing after
 * the character check.
 */
import { describe, expect, it } from 'vitest';
import { checkResidentIdNumber } from '../../../../electron/contract/validation/resident-id-number';
import { asciiUpperCase, isChecksumOnlyFailure } from '../../../../electron/contract/validation/validation-result';

const TODAY = '2025-06-15';

describe('isChecksumOnlyFailure', () => {
  it('is true only for a refusal on the check character alone', () => {
    expect(isChecksumOnlyFailure(checkResidentIdNumber('110105194912310020', TODAY))).toBe(true);
    expect(isChecksumOnlyFailure(checkResidentIdNumber('11010519491231002', TODAY))).toBe(false);
    expect(isChecksumOnlyFailure(checkResidentIdNumber('11010519491231002X', TODAY))).toBe(false);
    // A valid result is never a checksum failure, whatever else it carries.
    expect(isChecksumOnlyFailure({ ok: true, value: 'x' })).toBe(false);
  });
});

describe('asciiUpperCase', () => {
  it('upper-cases checked ASCII', () => {
    expect(asciiUpperCase('ea12x')).toBe('EA12X');
  });

  it('refuses a value that was not checked to be ASCII', () => {
    const error = new RangeError('asciiUpperCase: value has not been checked to be ASCII');
    expect(() => asciiUpperCase('straße')).toThrow(error);
    expect(() => asciiUpperCase('ß')).toThrow(error);
    expect(() => asciiUpperCase('ab\u0131')).toThrow(error);
  });
});
