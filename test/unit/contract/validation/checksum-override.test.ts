import { describe, expect, it } from 'vitest';
import { checkIdentityDocumentNumber } from '../../../../electron/contract/validation/identity-document';
import { checkHmtResidencePermitNumber } from '../../../../electron/contract/validation/hmt-residence-permit';
import { checkResidentIdNumber } from '../../../../electron/contract/validation/resident-id-number';
import { checkUnifiedSocialCreditCode } from '../../../../electron/contract/validation/unified-social-credit-code';

const TODAY = '2026-11-30';

// Independent of the code under test: GB 11643 MOD 11-2 and GB 32100 check characters.
function gb11643(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function gb32100(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const char of first17) {
    sum += CHARSET.indexOf(char) * weight;
    weight = (weight * 3) % 31;
  }
  return first17 + CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** The same number with a different (wrong) last character from `alphabet`. */
function wrongCheck(valid: string, alphabet: string): string {
  const last = valid.charAt(17);
  const other = [...alphabet].find((c) => c !== last) ?? '0';
  return valid.slice(0, 17) + other;
}

describe('a wrong check character can be confirmed; nothing else can', () => {
  const creditCode = gb32100('91330102MA2H0T109');
  const preStandardCode = wrongCheck(creditCode, CHARSET);
  const residentId = gb11643('11010519491231002');
  const hmtPermit = gb11643('81000019900101123');
  const permanentResidence = gb11643('93310019850203001');

  it('credit code of the issue: refused as checksum-only, accepted once confirmed', () => {
    expect(checkUnifiedSocialCreditCode(creditCode)).toEqual({ ok: true, value: creditCode });
    expect(checkUnifiedSocialCreditCode(preStandardCode)).toEqual({
      ok: false,
      message: '统一社会信用代码校验位不正确，请核对最后一位',
      checksumOnly: true,
    });
    expect(checkUnifiedSocialCreditCode(preStandardCode, 'confirmed')).toEqual({ ok: true, value: preStandardCode });
    // Typed in lower case: still checked as typed, stored upper case.
    expect(checkUnifiedSocialCreditCode(preStandardCode.toLowerCase(), 'confirmed')).toEqual({ ok: true, value: preStandardCode });
  });

  it('every other GB 11643 document a citizen holds: resident ID, 港澳台居民居住证, 2023 permanent residence card', () => {
    const cases: Array<[Parameters<typeof checkIdentityDocumentNumber>[0], string]> = [
      ['resident_id_card', residentId],
      ['hmt_residence_permit', hmtPermit],
      ['foreign_permanent_residence', permanentResidence],
    ];
    for (const [type, valid] of cases) {
      const wrong = wrongCheck(valid, '0123456789X');
      expect(checkIdentityDocumentNumber(type, valid, TODAY), type).toEqual({ ok: true, value: valid });
      const refused = checkIdentityDocumentNumber(type, wrong, TODAY);
      expect(refused.ok, type).toBe(false);
      expect(!refused.ok && refused.checksumOnly, type).toBe(true);
      expect(checkIdentityDocumentNumber(type, wrong, TODAY, 'confirmed'), type).toEqual({ ok: true, value: wrong });
    }
  });

  it('keeps birth date and sex readable from a confirmed resident ID or permit', () => {
    const wrong = wrongCheck(residentId, '0123456789X');
    const result = checkResidentIdNumber(wrong, TODAY, 'confirmed');
    expect(result).toEqual({ ok: true, value: { number: wrong, birthDate: '1949-12-31', sex: 'female' } });
    const permit = checkHmtResidencePermitNumber(wrongCheck(hmtPermit, '0123456789X'), TODAY, 'confirmed');
    expect(permit.ok && permit.value.region).toBe('hong_kong');
  });

  it('format, length, region and date errors stay final even with a confirmation', () => {
    const final: Array<() => ReturnType<typeof checkUnifiedSocialCreditCode>> = [
      () => checkUnifiedSocialCreditCode(creditCode.slice(0, 17), 'confirmed'),
      () => checkUnifiedSocialCreditCode(`${creditCode.slice(0, 16)}I${creditCode.charAt(17)}`, 'confirmed'),
      () => checkUnifiedSocialCreditCode(`91AB0102MA2H0T109${creditCode.charAt(17)}`, 'confirmed'),
      () => checkIdentityDocumentNumber('resident_id_card', residentId.slice(0, 17), TODAY, 'confirmed'),
      () => checkIdentityDocumentNumber('resident_id_card', gb11643('99010519491231002'), TODAY, 'confirmed'),
      () => checkIdentityDocumentNumber('resident_id_card', gb11643('11010519491331002'), TODAY, 'confirmed'),
      () => checkIdentityDocumentNumber('resident_id_card', gb11643('11010520991231002'), TODAY, 'confirmed'),
      () => checkIdentityDocumentNumber('hmt_residence_permit', gb11643('11000019900101123'), TODAY, 'confirmed'),
      () => checkIdentityDocumentNumber('foreign_permanent_residence', 'A3310019850203001X', TODAY, 'confirmed'),
      () => checkIdentityDocumentNumber('passport', 'E12', TODAY, 'confirmed'),
    ];
    for (const run of final) {
      const result = run();
      expect(result.ok).toBe(false);
      expect(!result.ok && result.checksumOnly).toBeFalsy();
    }
  });
});
