import { describe, expect, it } from 'vitest';
import { checkHmtResidencePermitNumber } from '../../../../electron/contract/validation/hmt-residence-permit';

const TODAY = '2025-06-15';

function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

function message(input: string): string {
  const result = checkHmtResidencePermitNumber(input, TODAY);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.message;
}

describe('checkHmtResidencePermitNumber', () => {
  it('accepts Hong Kong, Macao and Taiwan numbers and names the region', () => {
    const cases = [
      ['81000019900101003', 'hong_kong', 'male'],
      ['82000019851231004', 'macao', 'female'],
      ['83000020000229005', 'taiwan', 'male'],
    ] as const;
    for (const [first17, region, sex] of cases) {
      const number = withCheck(first17);
      expect(checkHmtResidencePermitNumber(number, TODAY), number).toEqual({
        ok: true,
        value: { number, birthDate: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`, sex, region },
      });
    }
  });

  it('normalises a lower-case x', () => {
    // Find a Hong Kong number whose check character is X.
    let number = '';
    for (let seq = 0; seq < 1000 && !number.endsWith('X'); seq += 1) {
      number = withCheck(`81000019900101${String(seq).padStart(3, '0')}`);
    }
    expect(number.endsWith('X')).toBe(true);
    const result = checkHmtResidencePermitNumber(number.toLowerCase(), TODAY);
    expect(result).toMatchObject({ ok: true, value: { number } });
  });

  it('refuses a resident ID number', () => {
    expect(message('11010519491231002X')).toBe(
      '港澳台居民居住证号码应以81（香港）、82（澳门）或83（台湾）开头',
    );
    expect(message(withCheck('71000019900101003'))).toContain('应以81');
  });

  it('refuses a wrong check digit', () => {
    const good = withCheck('81000019900101003');
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    expect(message(bad)).toBe('居住证号码校验位不正确，请核对最后一位');
  });

  it('applies the same birth date rules', () => {
    expect(message(withCheck('82000019900230003'))).toContain('不是有效日期');
    expect(message(withCheck('82000018991231003'))).toContain('早于1900年');
    expect(message(withCheck('82000020300101003'))).toContain('晚于今天');
  });

  it('refuses bad lengths and characters, and has no 15-digit special case', () => {
    expect(message('810000199001010')).toBe('居住证号码应为18位，当前为15位');
    expect(message('8100001990010100A3')).toBe('居住证号码前17位只能是数字');
    expect(message('810000 19900101003')).toBe('居住证号码中间不能有空格');
  });
});
