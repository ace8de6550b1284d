import { describe, expect, it } from 'vitest';
import {
  IDENTITY_DOCUMENT_LABELS,
  IDENTITY_DOCUMENT_TYPES,
  checkIdentityDocumentNumber,
  isIdentityDocumentType,
} from '../../../../electron/contract/validation/identity-document';
import type { IdentityDocumentType } from '../../../../electron/contract/validation/identity-document';

const TODAY = '2025-06-15';

function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

function check(type: IdentityDocumentType, input: string) {
  return checkIdentityDocumentNumber(type, input, TODAY);
}

function message(type: IdentityDocumentType, input: string): string {
  const result = check(type, input);
  if (result.ok) throw new Error(`expected ${type} ${input} to be refused`);
  return result.message;
}

describe('identity document types', () => {
  it('has a Chinese label for every type', () => {
    expect(Object.keys(IDENTITY_DOCUMENT_LABELS).sort()).toEqual([...IDENTITY_DOCUMENT_TYPES].sort());
    expect(IDENTITY_DOCUMENT_LABELS.resident_id_card).toBe('居民身份证');
    expect(IDENTITY_DOCUMENT_LABELS.hmt_residence_permit).toBe('港澳台居民居住证');
    expect(IDENTITY_DOCUMENT_LABELS.hk_macao_permit).toBe('港澳居民来往内地通行证');
    expect(IDENTITY_DOCUMENT_LABELS.taiwan_permit).toBe('台湾居民来往大陆通行证');
    expect(IDENTITY_DOCUMENT_LABELS.passport).toBe('护照');
    expect(IDENTITY_DOCUMENT_LABELS.foreign_permanent_residence).toBe('外国人永久居留身份证');
  });

  it('recognises type names', () => {
    expect(isIdentityDocumentType('passport')).toBe(true);
    expect(isIdentityDocumentType('driving_licence')).toBe(false);
  });
});

describe('checkIdentityDocumentNumber', () => {
  it('resident ID card: value is the normalised number', () => {
    expect(check('resident_id_card', ' 11010519491231002x ')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(message('resident_id_card', '11010519491231002')).toBe('身份证号应为18位，当前为17位');
    expect(message('resident_id_card', '110105491231002')).toContain('15位身份证号已停止使用');
  });

  it('HMT residence permit', () => {
    const number = withCheck('81000019900101003');
    expect(check('hmt_residence_permit', number)).toEqual({ ok: true, value: number });
    expect(message('hmt_residence_permit', '11010519491231002X')).toContain('应以81');
  });

  it('HK/Macao permit: H or M + 8 digits, or the older + 10 digits', () => {
    expect(check('hk_macao_permit', 'H12345678')).toEqual({ ok: true, value: 'H12345678' });
    expect(check('hk_macao_permit', 'm87654321')).toEqual({ ok: true, value: 'M87654321' });
    expect(check('hk_macao_permit', 'H1234567801')).toEqual({ ok: true, value: 'H1234567801' });
    expect(message('hk_macao_permit', 'C12345678')).toBe('通行证号码应以字母H（香港）或M（澳门）开头');
    expect(message('hk_macao_permit', '12345678')).toContain('应以字母H');
    expect(message('hk_macao_permit', 'H1234567')).toBe('通行证号码应为H或M加8位数字（旧版为10位数字）');
    expect(message('hk_macao_permit', 'H123456789')).toContain('加8位数字');
    expect(message('hk_macao_permit', 'H1234567A')).toContain('加8位数字');
    expect(message('hk_macao_permit', 'H1234 5678')).toBe('通行证号码中间不能有空格');
  });

  it('Taiwan permit: 8 digits, or the older 10', () => {
    expect(check('taiwan_permit', '12345678')).toEqual({ ok: true, value: '12345678' });
    expect(check('taiwan_permit', '1234567890')).toEqual({ ok: true, value: '1234567890' });
    expect(message('taiwan_permit', '123456789')).toBe('通行证号码应为8位数字（旧版为10位），当前为9位');
    expect(message('taiwan_permit', '1234567')).toContain('当前为7位');
    expect(message('taiwan_permit', 'T1234567')).toBe('通行证号码只能是数字');
    expect(message('taiwan_permit', '12345678(B)')).toBe('通行证号码只能是数字');
  });

  it('passport: 5-17 letters or digits, upper-cased', () => {
    expect(check('passport', 'E12345678')).toEqual({ ok: true, value: 'E12345678' });
    expect(check('passport', 'ea1234567')).toEqual({ ok: true, value: 'EA1234567' });
    expect(check('passport', 'X1234')).toEqual({ ok: true, value: 'X1234' });
    expect(check('passport', 'A'.repeat(17))).toEqual({ ok: true, value: 'A'.repeat(17) });
    expect(message('passport', 'E123')).toBe('护照号码应为5-17位，当前为4位');
    expect(message('passport', 'A'.repeat(18))).toBe('护照号码应为5-17位，当前为18位');
    expect(message('passport', 'E1234-5678')).toBe('护照号码只能由字母和数字组成，不能有“-”');
    expect(message('passport', 'E 12345678')).toBe('护照号码中间不能有空格');
    expect(message('passport', '')).toBe('请输入护照号码');
  });

  it('foreign permanent residence, 2023 card: 18 chars from 9 with the MOD 11-2 check', () => {
    const number = withCheck('93184019850101001');
    expect(check('foreign_permanent_residence', number)).toEqual({ ok: true, value: number });
    const wrong = number.slice(0, 17) + (number.endsWith('0') ? '1' : '0');
    expect(message('foreign_permanent_residence', wrong)).toBe(
      '永久居留身份证号码校验位不正确，请核对最后一位',
    );
    // A resident ID number is not a permanent residence card number.
    expect(message('foreign_permanent_residence', '11010519491231002X')).toBe(
      '永久居留身份证号码应以9开头，前17位为数字，最后一位为数字或X',
    );
  });

  it('foreign permanent residence, 2023 card with check character x', () => {
    let number = '';
    for (let seq = 0; seq < 1000 && !number.endsWith('X'); seq += 1) {
      number = withCheck(`93184019850101${String(seq).padStart(3, '0')}`);
    }
    expect(number.endsWith('X')).toBe(true);
    expect(check('foreign_permanent_residence', number.toLowerCase())).toEqual({ ok: true, value: number });
  });

  it('foreign permanent residence, older card: 3 letters + 12 digits, format only', () => {
    expect(check('foreign_permanent_residence', 'usa310085010101')).toEqual({
      ok: true,
      value: 'USA310085010101',
    });
    expect(message('foreign_permanent_residence', 'US1310085010101')).toBe(
      '旧版永久居留身份证号码应为3位字母加12位数字',
    );
    expect(message('foreign_permanent_residence', 'USA31008501010')).toBe(
      '永久居留身份证号码应为18位（旧版为15位），当前为14位',
    );
  });
});
