/**
 * Mobile number and mask boundaries (issue 11 §8: each case once let a changed rule through
 * mutation testing): a leading 86 is the country code only on 13 digits, the 1 must be the first
 * digit, and only a bare stored E.164 number has a calling code.
 */
import { describe, expect, it } from 'vitest';
import { maskMobile } from '../../../../electron/contract/validation/masking';
import { checkMobileNumber, internationalCallingCode } from '../../../../electron/contract/validation/mobile-number';

describe('checkMobileNumber', () => {
  it('86 on 11 digits is not the country code: the number is judged as typed', () => {
    expect(checkMobileNumber('86138123456')).toEqual({ ok: false, message: '手机号码应以13-19开头，请核对' });
    expect(checkMobileNumber('8613812345678')).toEqual({ ok: true, value: '13812345678' });
  });

  it('the 1 must be the first digit', () => {
    expect(checkMobileNumber('01381234567')).toEqual({ ok: false, message: '手机号码应以13-19开头，请核对' });
    expect(checkMobileNumber('21381234567')).toEqual({ ok: false, message: '手机号码应以13-19开头，请核对' });
  });
});

describe('internationalCallingCode', () => {
  it('reads the code of a stored E.164 number', () => {
    expect(internationalCallingCode('+85291234567')).toBe('852');
  });

  it('anything but a bare + and digits has none', () => {
    expect(internationalCallingCode('13812345678')).toBeNull();
    expect(internationalCallingCode('+852 9123 4567')).toBeNull();
    expect(internationalCallingCode('x+85291234567')).toBeNull();
    // + and digits but no country: null, not a crash.
    expect(internationalCallingCode('+999123')).toBeNull();
  });
});

describe('maskMobile', () => {
  it('masks what is not a mobile number without its surrounding spaces', () => {
    expect(maskMobile(' 12345 ')).toBe('1***5');
  });
});
