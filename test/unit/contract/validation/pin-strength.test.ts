import { describe, expect, it } from 'vitest';
import { checkPinStrength } from '../../../../electron/contract/validation/pin-strength';

function refusal(pin: string): string {
  const result = checkPinStrength(pin);
  if (result.ok) throw new Error(`expected ${pin} to be refused`);
  return result.message;
}

describe('checkPinStrength', () => {
  it('refuses the same digit throughout, at every length', () => {
    for (const pin of ['111111', '000000', '9999999', '222222222222']) expect(refusal(pin), pin).toBe('密码不能全是同一个数字');
  });

  it('refuses runs up or down, also across 9 → 0 and in steps of two', () => {
    for (const pin of ['123456', '654321', '012345', '987654321', '890123', '210987', '135791', '246802', '975319', '1234567890']) {
      expect(refusal(pin), pin).toContain('依次递增或递减');
    }
  });

  it('refuses a short block repeated, even when the last copy is cut short', () => {
    expect(refusal('121212')).toContain('12 反复出现');
    expect(refusal('123123')).toContain('123 反复出现');
    expect(refusal('520520')).toContain('520 反复出现');
    expect(refusal('1212121')).toContain('12 反复出现');
    expect(refusal('12341234')).toContain('1234 反复出现');
  });

  it('refuses mirrors', () => {
    for (const pin of ['123321', '1234321', '908809']) expect(refusal(pin), pin).toContain('对称');
  });

  it('refuses dates: YYYYMMDD, YYYYMM and YYMMDD, but not impossible ones', () => {
    for (const pin of ['19900101', '20000229', '199001', '202612', '900101', '051231']) expect(refusal(pin), pin).toContain('日期');
    // 2001 had no 29 February, and month 13 does not exist: these are not dates.
    for (const pin of ['20010229', '199013']) expect(checkPinStrength(pin).ok, pin).toBe(true);
  });

  it('refuses the well-known keypad shapes and sayings', () => {
    for (const pin of ['147258', '159357', '5201314', '1314520', '112233']) expect(refusal(pin), pin).toContain('常见的弱密码');
  });

  it('accepts PINs without a pattern, including steps of three and more', () => {
    for (const pin of ['246810', '135790', '583920', '147036', '7306158249', '20010229']) {
      expect(checkPinStrength(pin), pin).toEqual({ ok: true, value: pin });
    }
  });

  it('refuses what is not 6–12 digits, so the check never passes a malformed PIN', () => {
    for (const pin of ['', '12345', '1234567890123', '58392a', ' 583920', '５８３９２０']) {
      expect(refusal(pin), JSON.stringify(pin)).toBe('密码应为 6–12 位数字');
    }
  });
});
