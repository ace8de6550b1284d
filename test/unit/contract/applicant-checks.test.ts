import { describe, expect, it } from 'vitest';
import { AgentSchema, ApplicantSchema } from '../../../electron/contract/applicant';
import { CHECKSUM_UNCONFIRMED, confirmedChecksumFields } from '../../../electron/contract/checksum-overrides';

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
function gb11643(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}
const VALID_CODE = gb32100('91330102MA2H0T109');
const PRE_STANDARD_CODE = VALID_CODE.slice(0, 17) + (VALID_CODE.endsWith('0') ? '1' : '0');
const VALID_ID = gb11643('11010519491231002');
const WRONG_CHECK_ID = VALID_ID.slice(0, 17) + (VALID_ID.endsWith('0') ? '1' : '0');

const organisation = {
  kind: 'organisation' as const,
  name: '杭州某某科技有限公司',
  creditCode: PRE_STANDARD_CODE,
  legalRepresentative: '王芳',
  contactName: '李明',
  mobile: '13812345678',
  address: '',
};
const person = { kind: 'person' as const, name: '陈大文', idType: 'resident_id_card' as const, idNumber: VALID_ID, mobile: '13812345678', address: '' };

describe('applicant schema: checksum confirmation', () => {
  it('refuses a wrong check character without confirmation, with a reason the UI can act on', () => {
    const parsed = ApplicantSchema.safeParse(organisation);
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.path).toEqual(['creditCode']);
    expect(issue?.message).toBe('统一社会信用代码校验位不正确，请核对最后一位');
    expect(issue?.code === 'custom' && issue.params?.['reason']).toBe(CHECKSUM_UNCONFIRMED);
  });

  it('accepts it with the confirmation, and keeps the flag on the parsed applicant', () => {
    const parsed = ApplicantSchema.parse({ ...organisation, creditCodeChecksumConfirmed: true });
    expect(parsed).toMatchObject({ creditCode: PRE_STANDARD_CODE, creditCodeChecksumConfirmed: true });
    expect(confirmedChecksumFields(parsed, null)).toEqual([
      { field: 'applicant.creditCode', document: 'unified_social_credit_code', number: PRE_STANDARD_CODE },
    ]);
  });

  it('drops a confirmation that was not needed, so no override is recorded for a correct number', () => {
    const parsed = ApplicantSchema.parse({ ...organisation, creditCode: VALID_CODE, creditCodeChecksumConfirmed: true });
    expect(parsed).not.toHaveProperty('creditCodeChecksumConfirmed', true);
    expect(confirmedChecksumFields(parsed, null)).toEqual([]);
  });

  it('a confirmation never lets a format error through, and a format error carries no reason', () => {
    const parsed = ApplicantSchema.safeParse({ ...organisation, creditCode: PRE_STANDARD_CODE.slice(1), creditCodeChecksumConfirmed: true });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.message).toBe('统一社会信用代码应为18位，当前为17位');
    expect(issue?.code === 'custom' ? issue.params?.['reason'] : undefined).toBeUndefined();
  });

  it('the resident ID of an applicant and of an agent, each confirmed on its own', () => {
    expect(ApplicantSchema.safeParse({ ...person, idNumber: WRONG_CHECK_ID }).success).toBe(false);
    const applicant = ApplicantSchema.parse({ ...person, idNumber: WRONG_CHECK_ID, idNumberChecksumConfirmed: true });
    const agentInput = { name: '张伟', idType: 'resident_id_card' as const, idNumber: WRONG_CHECK_ID, mobile: '13912345678' };
    expect(AgentSchema.safeParse(agentInput).success).toBe(false);
    const agent = AgentSchema.parse({ ...agentInput, idNumberChecksumConfirmed: true });
    expect(confirmedChecksumFields(applicant, agent).map((o) => o.field)).toEqual(['applicant.idNumber', 'agent.idNumber']);
  });
});

describe('applicant schema: mobile number by document', () => {
  it('a holder of a 港澳 permit may give a Hong Kong number, stored as E.164', () => {
    const parsed = ApplicantSchema.parse({ ...person, idType: 'hk_macao_permit', idNumber: 'H12345678', mobile: '+852 9123 4567' });
    expect(parsed.mobile).toBe('+85291234567');
  });

  it('so may a passport holder (agent too) a foreign one, and a 台湾 permit holder a Taiwan one', () => {
    expect(ApplicantSchema.parse({ ...person, idType: 'passport', idNumber: 'E12345678', mobile: '+1 415 555 2671' }).mobile).toBe('+14155552671');
    expect(ApplicantSchema.parse({ ...person, idType: 'taiwan_permit', idNumber: '12345678', mobile: '+886 912 345 678' }).mobile).toBe('+886912345678');
    expect(AgentSchema.parse({ name: 'JOHN SMITH', idType: 'passport', idNumber: 'P1234567', mobile: '0085291234567' }).mobile).toBe('+85291234567');
  });

  it('a resident ID holder and an organisation keep the strict mainland rule', () => {
    const personRefused = ApplicantSchema.safeParse({ ...person, mobile: '+852 9123 4567' });
    expect(personRefused.error?.issues.map((i) => i.path.join('.'))).toEqual(['mobile']);
    const orgRefused = ApplicantSchema.safeParse({ ...organisation, creditCode: VALID_CODE, mobile: '+852 9123 4567' });
    expect(orgRefused.error?.issues.map((i) => i.path.join('.'))).toEqual(['mobile']);
    expect(ApplicantSchema.parse({ ...person, mobile: '+86 138 1234 5678' }).mobile).toBe('13812345678');
  });

  it('reports a mobile problem together with the other fields’ problems, each at its field', () => {
    const parsed = ApplicantSchema.safeParse({ ...person, name: '张3', mobile: '12345' });
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['mobile', 'name']);
    const organisationBoth = ApplicantSchema.safeParse({ ...organisation, creditCode: PRE_STANDARD_CODE.slice(1), mobile: '12345' });
    expect(organisationBoth.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['creditCode', 'mobile']);
    const both = ApplicantSchema.safeParse({ ...person, idNumber: WRONG_CHECK_ID, mobile: '+852 9123 4567' });
    expect(both.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['idNumber', 'mobile']);
  });
});
