import { describe, expect, it } from 'vitest';
import { checkResidentIdNumber } from '../../../../electron/contract/validation/resident-id-number';

const TODAY = '2025-06-15';

// Independent of the code under test; used only to build valid numbers for the cases.
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** Flips the last character to another valid-looking but wrong check character. */
function withWrongCheck(number: string): string {
  const right = number.charAt(17);
  const wrong = right === '0' ? '1' : '0';
  return number.slice(0, 17) + wrong;
}

function message(input: string, today = TODAY): string {
  const result = checkResidentIdNumber(input, today);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.message;
}

describe('checkResidentIdNumber', () => {
  it('the test helper agrees with the published sample number', () => {
    expect(withCheck('11010519491231002')).toBe('11010519491231002X');
  });

  it('accepts the published sample 11010519491231002X', () => {
    expect(checkResidentIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('accepts generated numbers from every province range and reads the sex', () => {
    const cases: Array<[string, 'male' | 'female']> = [
      ['11010119800101001', 'male'],
      ['15010219991231002', 'female'],
      ['23010320000229003', 'male'],
      ['31011519000101004', 'female'],
      ['44030520240229005', 'male'],
      ['46000020250615006', 'female'],
      ['50010119850505007', 'male'],
      ['54010219700707008', 'female'],
      ['65010319650303009', 'male'],
    ];
    for (const [first17, sex] of cases) {
      const number = withCheck(first17);
      const result = checkResidentIdNumber(number, TODAY);
      expect(result, number).toMatchObject({ ok: true, value: { number, sex } });
    }
  });

  it('returns the birth date as YYYY-MM-DD', () => {
    const result = checkResidentIdNumber(withCheck('44030520000229005'), TODAY);
    expect(result).toMatchObject({ ok: true, value: { birthDate: '2000-02-29' } });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const result = checkResidentIdNumber('11010519491231002x', TODAY);
    expect(result).toMatchObject({ ok: true, value: { number: '11010519491231002X' } });
  });

  it('strips surrounding spaces, including the ideographic space', () => {
    const result = checkResidentIdNumber(' \u300011010519491231002X\t ', TODAY);
    expect(result).toMatchObject({ ok: true, value: { number: '11010519491231002X' } });
  });

  it('refuses inner spaces', () => {
    expect(message('110105 19491231002X')).toBe('身份证号中间不能有空格');
  });

  it('refuses an empty input', () => {
    expect(message('')).toBe('请输入身份证号');
    expect(message('   ')).toBe('请输入身份证号');
  });

  it('refuses a wrong check digit without revealing the right one', () => {
    const wrong = withWrongCheck('11010519491231002X');
    const text = message(wrong);
    expect(text).toBe('身份证号校验位不正确，请核对最后一位');
    expect(text).not.toContain('X');
    expect(message('110105194912310021')).toBe('身份证号校验位不正确，请核对最后一位');
  });

  it('catches a single mistyped digit and a swap of neighbours', () => {
    const good = withCheck('44030519850505123');
    const typo = good.slice(0, 3) + ((Number(good.charAt(3)) + 1) % 10) + good.slice(4);
    const swapped = good.slice(0, 14) + good.charAt(15) + good.charAt(14) + good.slice(16);
    expect(message(typo)).toBe('身份证号校验位不正确，请核对最后一位');
    expect(good.charAt(14)).not.toBe(good.charAt(15));
    expect(message(swapped)).toBe('身份证号校验位不正确，请核对最后一位');
  });

  it('refuses dates that do not exist', () => {
    expect(message(withCheck('11010519490230002'))).toBe(
      '身份证号第7-14位的出生日期“19490230”不是有效日期',
    );
    expect(message(withCheck('11010519491301002'))).toContain('不是有效日期');
    expect(message(withCheck('11010519491200002'))).toContain('不是有效日期');
    expect(message(withCheck('11010520230229002'))).toContain('不是有效日期');
    // 1900 is not a leap year (divisible by 100, not by 400).
    expect(message(withCheck('11010519000229002'))).toContain('不是有效日期');
    expect(message(withCheck('11010519490431002'))).toContain('不是有效日期');
  });

  it('refuses birth dates before 1900', () => {
    expect(message(withCheck('11010518991231002'))).toBe(
      '身份证号中的出生日期早于1900年，请核对第7-14位',
    );
  });

  it('refuses birth dates after today but accepts today', () => {
    expect(message(withCheck('11010520250616002'))).toBe(
      '身份证号中的出生日期晚于今天，请核对第7-14位',
    );
    expect(checkResidentIdNumber(withCheck('11010520250615002'), TODAY).ok).toBe(true);
  });

  it('refuses an unknown province code', () => {
    for (const prefix of ['00', '10', '16', '20', '24', '38', '40', '47', '49', '55', '60', '66', '99']) {
      const number = withCheck(`${prefix}010519491231002`);
      expect(message(number), number).toBe('身份证号前两位的地区代码不正确');
    }
  });

  it('points 港澳台 numbers (71, 81, 82, 83) to the residence permit', () => {
    for (const prefix of ['71', '81', '82', '83']) {
      const number = withCheck(`${prefix}000019900101002`);
      expect(message(number), number).toBe(
        '该号码是港澳台居民居住证号码，请将证件类型选为“港澳台居民居住证”',
      );
    }
  });

  it('refuses the discontinued 15-digit number with its own message', () => {
    expect(message('110105491231002')).toBe('15位身份证号已停止使用，请使用18位身份证号');
  });

  it('refuses other lengths, telling the count', () => {
    expect(message('11010519491231002')).toBe('身份证号应为18位，当前为17位');
    expect(message('11010519491231002XX')).toBe('身份证号应为18位，当前为19位');
    expect(message('11010549123100X')).toBe('身份证号应为18位，当前为15位');
  });

  it('refuses letters in the wrong place', () => {
    expect(message('1101051949123100X2')).toBe('身份证号前17位只能是数字');
    expect(message('X10105194912310022')).toBe('身份证号前17位只能是数字');
    expect(message('11010519491231002A')).toBe('身份证号最后一位只能是数字或X');
  });

  it('hints at full-width input', () => {
    expect(message('１１０１０５１９４９１２３１００２Ｘ')).toBe(
      '身份证号中有全角字符，请切换到半角输入',
    );
  });

  it('throws on a malformed today, which is a programming error', () => {
    expect(() => checkResidentIdNumber('11010519491231002X', '2025/06/15')).toThrow(RangeError);
    expect(() => checkResidentIdNumber('11010519491231002X', '2025-02-30')).toThrow(RangeError);
  });
});
