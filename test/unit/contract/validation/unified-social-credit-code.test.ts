import { describe, expect, it } from 'vitest';
import { checkUnifiedSocialCreditCode } from '../../../../electron/contract/validation/unified-social-credit-code';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Independent of the code under test; used only to build valid codes for the cases.
function withCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const char of first17) {
    sum += CHARSET.indexOf(char) * weight;
    weight = (weight * 3) % 31;
  }
  const check = (31 - (sum % 31)) % 31;
  return first17 + CHARSET.charAt(check);
}

function message(input: string): string {
  const result = checkUnifiedSocialCreditCode(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.message;
}

// Codes published on the business licences of large companies; each was checked against
// the GB 32100 algorithm (see the first test) before being used here.
const KNOWN_VALID = ['91350100M000100Y43', '914403001922038216', '91440300708461136T', '91330100799655058B'];

describe('checkUnifiedSocialCreditCode', () => {
  it('the test helper agrees with the known codes', () => {
    for (const code of KNOWN_VALID) expect(withCheck(code.slice(0, 17)), code).toBe(code);
  });

  it('accepts known valid codes', () => {
    for (const code of KNOWN_VALID) {
      expect(checkUnifiedSocialCreditCode(code), code).toEqual({ ok: true, value: code });
    }
  });

  it('accepts generated codes, including check characters 0 and letters', () => {
    const codes = new Set<string>();
    for (let n = 0; n < 200; n += 1) {
      codes.add(withCheck(`9211010${String(n).padStart(3, '0')}MA0${String(n).padStart(4, '0')}`));
    }
    const checks = new Set([...codes].map((code) => code.charAt(17)));
    expect(checks.has('0')).toBe(true);
    expect([...checks].some((c) => /[A-Z]/.test(c))).toBe(true);
    for (const code of codes) expect(checkUnifiedSocialCreditCode(code).ok, code).toBe(true);
  });

  it('accepts lower case and normalises to upper case, trimming spaces', () => {
    expect(checkUnifiedSocialCreditCode('  91350100m000100y43 ')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
    });
  });

  it('refuses a wrong check character without revealing the right one', () => {
    expect(message('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确，请核对最后一位');
    expect(message('914403001922038217')).toBe('统一社会信用代码校验位不正确，请核对最后一位');
  });

  it('catches a single mistyped character', () => {
    expect(message('91350100M000200Y43')).toContain('校验位不正确');
  });

  it('refuses the letters I, O, S, V, Z and says where', () => {
    expect(message('91350100M0001O0Y43')).toBe(
      '统一社会信用代码中不会出现字母O，请核对第14位',
    );
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) {
      expect(message(`9135010${letter}M000100Y43`)).toContain(`字母${letter}`);
    }
    expect(message('91350100m0001o0y43')).toContain('字母O');
  });

  it('refuses letters in the administrative division code', () => {
    const code = withCheck('9135A100M000100Y4');
    expect(message(code)).toBe('统一社会信用代码第3-8位（行政区划码）只能是数字');
  });

  it('refuses other characters, wrong lengths, spaces and empty input', () => {
    expect(message('91350100M000100Y4-')).toBe('统一社会信用代码只能由数字和字母组成');
    expect(message('91350100M000100Y4')).toBe('统一社会信用代码应为18位，当前为17位');
    expect(message('91350100M000100Y433')).toBe('统一社会信用代码应为18位，当前为19位');
    expect(message('913501 00M000100Y43')).toBe('统一社会信用代码中间不能有空格');
    expect(message('')).toBe('请输入统一社会信用代码');
  });

  it('does not enforce the embedded GB 11714 organisation code check', () => {
    // Organisation code part 'ABCDEFGH0' is almost surely not a valid GB 11714 code, but
    // the overall check character is right, so the code must pass.
    const code = withCheck('92110105ABCDEFGH0');
    expect(checkUnifiedSocialCreditCode(code)).toEqual({ ok: true, value: code });
  });
});
