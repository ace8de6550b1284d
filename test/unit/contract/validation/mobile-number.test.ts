import { describe, expect, it } from 'vitest';
import { checkMobileNumber } from '../../../../electron/contract/validation/mobile-number';

function message(input: string): string {
  const result = checkMobileNumber(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.message;
}

describe('checkMobileNumber', () => {
  it('accepts the forms applicants give', () => {
    for (const input of [
      '13812345678',
      ' 13812345678 ',
      '138 1234 5678',
      '138-1234-5678',
      '+8613812345678',
      '+86 138 1234 5678',
      '+86-138-1234-5678',
      '8613812345678',
      '86 13812345678',
      '008613812345678',
      '0086 138 1234 5678',
    ]) {
      expect(checkMobileNumber(input), input).toEqual({ ok: true, value: '13812345678' });
    }
  });

  it('accepts every prefix 13-19', () => {
    for (const second of ['3', '4', '5', '6', '7', '8', '9']) {
      expect(checkMobileNumber(`1${second}012345678`).ok).toBe(true);
    }
  });

  it('refuses prefixes 10-12 and numbers not starting with 1', () => {
    expect(message('12012345678')).toBe('手机号码应以13-19开头，请核对');
    expect(message('10012345678')).toBe('手机号码应以13-19开头，请核对');
    expect(message('01012345678')).toBe('手机号码应以13-19开头，请核对');
  });

  it('refuses wrong lengths, telling the count', () => {
    expect(message('1381234567')).toBe('手机号码应为11位，当前为10位');
    expect(message('138123456789')).toBe('手机号码应为11位，当前为12位');
    expect(message('+86 1381234567')).toBe('手机号码应为11位，当前为10位');
  });

  it('refuses letters and other symbols', () => {
    expect(message('138l2345678')).toBe('手机号码只能包含数字');
    expect(message('(138)12345678')).toBe('手机号码只能包含数字');
    expect(message('138+12345678')).toBe('手机号码只能包含数字');
  });

  it('refuses empty input and hints at full-width digits', () => {
    expect(message('')).toBe('请输入手机号码');
    expect(message(' - ')).toBe('请输入手机号码');
    expect(message('１３８１２３４５６７８')).toBe('手机号码中有全角字符，请切换到半角输入');
  });
});
