import { describe, expect, it } from 'vitest';
import { checkMobileNumber } from '../../../../electron/contract/validation/mobile-number';
import { maskMobile } from '../../../../electron/contract/validation/masking';

function international(input: string) {
  return checkMobileNumber(input, 'international');
}

function refused(input: string, scope: 'mainland' | 'international'): string {
  const result = checkMobileNumber(input, scope);
  if (result.ok) throw new Error(`expected ${input} to be refused, got ${result.value}`);
  return result.message;
}

describe('international mobile numbers (holders of 港澳台 and foreign documents)', () => {
  it('accepts the numbers of the issue, stored as E.164', () => {
    expect(international('+852 9123 4567')).toEqual({ ok: true, value: '+85291234567' });
    expect(international('+853 6612 3456')).toEqual({ ok: true, value: '+85366123456' });
    expect(international('+886 912 345 678')).toEqual({ ok: true, value: '+886912345678' });
    expect(international('+1 415 555 2671')).toEqual({ ok: true, value: '+14155552671' });
  });

  it('accepts the 00 international prefix dialled from the mainland, dashes and brackets', () => {
    expect(international('0085291234567')).toEqual({ ok: true, value: '+85291234567' });
    expect(international('00852 9123-4567')).toEqual({ ok: true, value: '+85291234567' });
    expect(international('+1 (415) 555-2671')).toEqual({ ok: true, value: '+14155552671' });
    expect(international('+44 7911 123456')).toEqual({ ok: true, value: '+447911123456' });
    expect(international('+81 90-1234-5678')).toEqual({ ok: true, value: '+819012345678' });
  });

  it('tells a 港澳台 or foreign holder who left out the + how to write the number', () => {
    // 11 digits like a mainland number, but not one: the + and country code are what is missing.
    expect(refused('852 9123 4567', 'international')).toBe('手机号码应以13-19开头，请核对；境外号码请在前面加“+”和国家或地区代码，如 +852 9123 4567');
    expect(refused('852 9123 456a', 'international')).toContain('境外号码请在前面加“+”');
    // A mainland holder is not told about foreign numbers.
    expect(refused('852 9123 4567', 'mainland')).toBe('手机号码应以13-19开头，请核对');
  });

  it('accepts dots as separators, as numbers are printed in France and North America', () => {
    expect(international('+1 415.555.2671')).toEqual({ ok: true, value: '+14155552671' });
    expect(international('+33 6.12.34.56.78')).toEqual({ ok: true, value: '+33612345678' });
    // A dot is never a separator of a mainland number: 138.1234.5678 is a typo, not a number.
    expect(refused('138.1234.5678', 'international')).toMatch(/^手机号码只能包含数字/);
  });

  it('still accepts a mainland number, stored as the bare 11 digits', () => {
    expect(international('138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
    expect(international('+86 138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
    expect(international('0086 13812345678')).toEqual({ ok: true, value: '13812345678' });
  });

  it('keeps the strict mainland rule for +86 numbers even in the international scope', () => {
    expect(refused('+86 1381234567', 'international')).toBe('手机号码应为11位，当前为10位');
    expect(refused('+86 12012345678', 'international')).toBe('手机号码应以13-19开头，请核对');
  });

  it('refuses numbers that cannot be a mobile number of their country (libphonenumber metadata)', () => {
    // A Hong Kong landline, a Taipei landline, a Macao number one digit short.
    for (const input of ['+852 2123 4567', '+886 2 2345 6789', '+853 6612 345', '+999 1234 5678']) {
      expect(refused(input, 'international'), input).toBe('不是有效的境外手机号码，请核对国家或地区代码和号码（如 +852 9123 4567）');
    }
  });

  it('checks what was typed: digits the library would read are not let through', () => {
    // Arabic-Indic and full-width digits, a trailing letter, an extension: libphonenumber
    // would read each of these as +85291234567.
    expect(refused('+852 ٩١٢٣ ٤٥٦٧', 'international')).toBe('手机号码只能包含数字');
    expect(refused('+852 ９１２３ ４５６７', 'international')).toBe('手机号码中有全角字符，请切换到半角输入');
    expect(refused('+85291234567x', 'international')).toBe('手机号码只能包含数字');
    expect(refused('+852 9123 4567 ext 5', 'international')).toBe('手机号码只能包含数字');
    expect(refused('＋852 9123 4567', 'international')).toBe('手机号码中有全角字符，请切换到半角输入');
  });

  it('tells a clerk who typed a local number without its country code what to add', () => {
    expect(refused('9123 4567', 'international')).toBe(
      '手机号码应为11位，当前为8位；境外号码请在前面加“+”和国家或地区代码，如 +852 9123 4567',
    );
  });

  it('keeps the mainland scope strict: an international number is refused with the reason', () => {
    expect(refused('+852 9123 4567', 'mainland')).toBe('请填写内地11位手机号码（境外号码仅限持港澳台或外国证件的申请人、代办人）');
    expect(refused('0085291234567', 'mainland')).toBe('请填写内地11位手机号码（境外号码仅限持港澳台或外国证件的申请人、代办人）');
    expect(checkMobileNumber('+852 9123 4567')).toEqual(checkMobileNumber('+852 9123 4567', 'mainland'));
  });

  it('masks international numbers for logs and paper, keeping country code and last 4', () => {
    expect(maskMobile('+85291234567')).toBe('+852****4567');
    expect(maskMobile('+852 9123 4567')).toBe('+852****4567');
    expect(maskMobile('+14155552671')).toBe('+1******2671');
    expect(maskMobile('+886912345678')).toBe('+886*****5678');
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
});
