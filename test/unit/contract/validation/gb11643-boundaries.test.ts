/**
 * GB 11643 birth-date and `today` boundaries (issue 11 §8: each case once let a changed rule
 * through mutation testing). Month 00 is no month; `today` is the program's own value, so a
 * malformed one is a programming error, thrown, and never blamed on the applicant's number.
 */
import { describe, expect, it } from 'vitest';
import { checkGb11643BirthDate } from '../../../../electron/contract/validation/gb11643';
import { checkResidentIdNumber } from '../../../../electron/contract/validation/resident-id-number';

const TODAY = '2025-06-15';

function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

describe('birth date in a GB 11643 number', () => {
  it('month 00 is not a date', () => {
    const number = withCheck('11010519490015002');
    expect(checkResidentIdNumber(number, TODAY)).toEqual({
      ok: false,
      message: '身份证号第7-14位的出生日期“19490015”不是有效日期',
    });
  });

  it('a number too short to hold a birth date is refused, not a crash', () => {
    expect(checkGb11643BirthDate('110105', TODAY, '身份证号')).toEqual({
      ok: false,
      message: '身份证号第7-14位的出生日期“”不是有效日期',
    });
  });
});

describe('today', () => {
  const number = '11010519491231002X';

  it('is accepted as exactly YYYY-MM-DD', () => {
    expect(checkResidentIdNumber(number, TODAY).ok).toBe(true);
  });

  it('anything around the date is a programming error, thrown with the value', () => {
    expect(() => checkResidentIdNumber(number, '-2025-06-15')).toThrow(
      new RangeError('today must be a YYYY-MM-DD date, got "-2025-06-15"'),
    );
    expect(() => checkResidentIdNumber(number, '2025-06-15-')).toThrow(
      new RangeError('today must be a YYYY-MM-DD date, got "2025-06-15-"'),
    );
    expect(() => checkResidentIdNumber(number, '2025-02-30')).toThrow(
      'today must be a YYYY-MM-DD date, got "2025-02-30"',
    );
  });
});
