/**
 * Boundaries of the identity-document rules that the main tests did not pin down (each case
 * here once let a changed rule through mutation testing, issue 11 §8): where a prefix must be,
 * what the non-ASCII permanent-residence numbers are told, and the unknown document type.
 */
import { describe, expect, it } from 'vitest';
import { checkIdentityDocumentNumber } from '../../../../electron/contract/validation/identity-document';
import type { IdentityDocumentType } from '../../../../electron/contract/validation/identity-document';

const TODAY = '2025-06-15';

function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

function message(type: IdentityDocumentType, input: string): string {
  const result = checkIdentityDocumentNumber(type, input, TODAY);
  if (result.ok) throw new Error(`expected ${type} ${input} to be refused`);
  return result.message;
}

describe('HK/Macao permit prefix', () => {
  it('an H or M later in the number is not the leading letter', () => {
    expect(message('hk_macao_permit', '12345678H')).toBe('通行证号码应以字母H（香港）或M（澳门）开头');
    expect(message('hk_macao_permit', '1M2345678')).toBe('通行证号码应以字母H（香港）或M（澳门）开头');
  });
});

describe('Taiwan permit precheck', () => {
  it('an empty or spaced number gets the precheck message, not "digits only"', () => {
    expect(message('taiwan_permit', '  ')).toBe('请输入通行证号码');
    expect(message('taiwan_permit', '1234 5678')).toBe('通行证号码中间不能有空格');
    expect(message('taiwan_permit', '１２３４５６７８')).toBe('通行证号码中有全角字符，请切换到半角输入');
  });
});

describe('foreign permanent residence card', () => {
  it('a non-ASCII character: the message follows the length typed', () => {
    // 18 characters (é is one): told the 2023 card's form.
    expect(message('foreign_permanent_residence', '9318401985010100é1')).toBe(
      '永久居留身份证号码应以9开头，前17位为数字，最后一位为数字或X',
    );
    // 15 characters: told the 2015 card's form, even where ß would upper-case to SS.
    expect(message('foreign_permanent_residence', 'USß310085010101')).toBe('旧版永久居留身份证号码应为3位字母加12位数字');
    // Any other length: told the length, counted in characters (𠮷 is one).
    expect(message('foreign_permanent_residence', '𠮷USA3100850101')).toBe(
      '永久居留身份证号码应为18位（旧版为15位），当前为14位',
    );
    expect(message('foreign_permanent_residence', 'USAé310085010101')).toBe(
      '永久居留身份证号码应为18位（旧版为15位），当前为16位',
    );
  });

  it('the 2015 form is the whole number: nothing before the letters, nothing after the digits', () => {
    expect(message('foreign_permanent_residence', '1USA310085010101')).toBe(
      '永久居留身份证号码应为18位（旧版为15位），当前为16位',
    );
    expect(message('foreign_permanent_residence', 'USA3100850101012')).toBe(
      '永久居留身份证号码应为18位（旧版为15位），当前为16位',
    );
  });

  it('the 2023 form is the whole number: a digit before or after is a wrong length', () => {
    const number = withCheck('93184019850101001');
    expect(message('foreign_permanent_residence', `1${number}`)).toBe(
      '永久居留身份证号码应为18位（旧版为15位），当前为19位',
    );
    expect(message('foreign_permanent_residence', `${number}1`)).toBe(
      '永久居留身份证号码应为18位（旧版为15位），当前为19位',
    );
  });
});

describe('unknown document type', () => {
  it('a type from an old form or stored case is refused, never passed', () => {
    const type = 'driving_licence' as IdentityDocumentType;
    expect(checkIdentityDocumentNumber(type, 'A1234567', TODAY)).toEqual({
      ok: false,
      message: '未知的证件类型：driving_licence',
    });
  });
});
