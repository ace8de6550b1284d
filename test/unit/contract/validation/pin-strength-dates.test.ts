/**
 * The date rule of checkPinStrength at its edges (issue 11 §8: each case once let a changed rule
 * through mutation testing): years 1900–2099 inclusive, months 01–12, days from 01.
 */
import { describe, expect, it } from 'vitest';
import { checkPinStrength } from '../../../../electron/contract/validation/pin-strength';

const DATE = '密码不能是日期（如生日 19900101、199001、900101）';

describe('checkPinStrength dates', () => {
  it('the first and last years of the range are dates', () => {
    expect(checkPinStrength('19000115')).toEqual({ ok: false, message: DATE });
    expect(checkPinStrength('20991231')).toEqual({ ok: false, message: DATE });
  });

  it('a year before 1900 is not a date', () => {
    expect(checkPinStrength('18990115')).toEqual({ ok: true, value: '18990115' });
  });

  it('month 00 and day 00 are not dates', () => {
    expect(checkPinStrength('19900015')).toEqual({ ok: true, value: '19900015' });
    expect(checkPinStrength('19900100')).toEqual({ ok: true, value: '19900100' });
  });
});
