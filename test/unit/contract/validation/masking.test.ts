import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskMobile } from '../../../../electron/contract/validation/masking';

describe('maskIdNumber', () => {
  it('keeps the first 6 and the last 4 of an 18-character number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('hides all but the first and last of an 11-character permit number', () => {
    expect(maskIdNumber('H1234567801')).toBe('H*********1');
  });

  it('keeps only the first and last of shorter values', () => {
    expect(maskIdNumber('E12345678')).toBe('E*******8');
    expect(maskIdNumber('12345678')).toBe('1******8');
    expect(maskIdNumber('ABC')).toBe('A*C');
  });

  it('shows nothing of values of two characters or fewer', () => {
    expect(maskIdNumber('AB')).toBe('**');
    expect(maskIdNumber('A')).toBe('*');
    expect(maskIdNumber('')).toBe('');
  });

  it('works by code point, never splitting a surrogate pair', () => {
    expect(maskIdNumber('𠮷2345678𠮷')).toBe('𠮷*******𠮷');
    // 18 code points but 19 UTF-16 units: the 6th code point is the astral one.
    const masked = maskIdNumber('12345𠮷789012345678');
    expect(masked).toBe('12345𠮷********5678');
    // A lone surrogate would not survive a UTF-8 round trip.
    expect(Buffer.from(masked, 'utf8').toString('utf8')).toBe(masked);
  });

  it('keeps the length of the value', () => {
    for (const value of ['11010519491231002X', 'USA310085010101', 'E12345678']) {
      expect(maskIdNumber(value)).toHaveLength(value.length);
    }
  });
});

describe('maskMobile', () => {
  it('masks the middle four digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });

  it('masks mobile numbers written with a country code or separators', () => {
    expect(maskMobile('+86 138-1234-5678')).toBe('138****5678');
  });

  it('never prints other values in full', () => {
    expect(maskMobile('010-12345678')).toBe('0**********8');
    expect(maskMobile('12')).toBe('**');
    expect(maskMobile('')).toBe('');
  });
});
