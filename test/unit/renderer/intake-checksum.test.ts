import { describe, expect, it } from 'vitest';
import { IntakeArgs } from '../../../electron/contract';
import {
  applicantArgs,
  applicantCheck,
  checksumConfirmable,
  emptyApplicant,
  withChecksumConfirmation,
  type ApplicantDraft,
} from '../../../renderer/src/components/intake/model/applicant-draft';
import { residentIdNumber, unifiedSocialCreditCode } from '../../support/identity-numbers';

const TODAY = '2026-11-30';
const VALID_CODE = unifiedSocialCreditCode('91330102MA2H0T109');
const PRE_STANDARD_CODE = VALID_CODE.slice(0, 17) + (VALID_CODE.endsWith('0') ? '1' : '0');

function organisation(creditCode: string): ApplicantDraft {
  const draft = emptyApplicant();
  return {
    ...draft,
    kind: 'organisation',
    organisation: { name: '杭州某某科技有限公司', creditCode, legalRepresentative: '王芳', contactName: '李明', mobile: '13812345678', address: '' },
  };
}

describe('the intake form’s checksum confirmation', () => {
  it('is offered only for a number whose check character alone is wrong', () => {
    expect(checksumConfirmable(organisation(PRE_STANDARD_CODE), 'applicant.creditCode', TODAY)).toBe(true);
    expect(checksumConfirmable(organisation(VALID_CODE), 'applicant.creditCode', TODAY)).toBe(false);
    expect(checksumConfirmable(organisation(PRE_STANDARD_CODE.slice(1)), 'applicant.creditCode', TODAY)).toBe(false);
  });

  it('clears the field’s message once ticked, and is sent with the number it was given for', () => {
    const draft = organisation(PRE_STANDARD_CODE);
    const check = (d: ApplicantDraft) => applicantCheck('applicant.creditCode', d, TODAY)?.(d.organisation.creditCode);
    expect(check(draft)).toBe('统一社会信用代码校验位不正确，请核对最后一位');
    const confirmed = withChecksumConfirmation(draft, 'applicant.creditCode', true);
    expect(check(confirmed)).toBeNull();
    const args = applicantArgs(confirmed);
    expect(args.applicant).toMatchObject({ creditCode: PRE_STANDARD_CODE, creditCodeChecksumConfirmed: true });
    // The contract the core runs agrees with what the form sends.
    expect(IntakeArgs.shape.applicant.safeParse(args.applicant).success).toBe(true);
  });

  it('is withdrawn when the number is edited afterwards, and is never sent by default', () => {
    const confirmed = withChecksumConfirmation(organisation(PRE_STANDARD_CODE), 'applicant.creditCode', true);
    const edited: ApplicantDraft = { ...confirmed, organisation: { ...confirmed.organisation, creditCode: `${PRE_STANDARD_CODE.slice(0, 16)}A${PRE_STANDARD_CODE.charAt(17)}` } };
    expect(applicantArgs(edited).applicant).not.toHaveProperty('creditCodeChecksumConfirmed');
    expect(applicantArgs(organisation(PRE_STANDARD_CODE)).applicant).not.toHaveProperty('creditCodeChecksumConfirmed');
    const unticked = withChecksumConfirmation(confirmed, 'applicant.creditCode', false);
    expect(applicantArgs(unticked).applicant).not.toHaveProperty('creditCodeChecksumConfirmed');
  });

  it('an agent’s resident ID is confirmed on its own', () => {
    const id = residentIdNumber('330102', '1985-06-15', 7);
    const wrong = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    const base = emptyApplicant();
    const draft: ApplicantDraft = { ...base, hasAgent: true, agent: { name: '张伟', idType: 'resident_id_card', idNumber: wrong, mobile: '13912345678' } };
    expect(checksumConfirmable(draft, 'agent.idNumber', TODAY)).toBe(true);
    expect(checksumConfirmable(draft, 'applicant.idNumber', TODAY)).toBe(false);
    const args = applicantArgs(withChecksumConfirmation(draft, 'agent.idNumber', true));
    expect(args.agent).toMatchObject({ idNumber: wrong, idNumberChecksumConfirmed: true });
    expect(args.applicant).not.toHaveProperty('idNumberChecksumConfirmed');
  });

  it('accepts an international mobile for a 港澳 permit holder and not for a resident ID holder', () => {
    const base = emptyApplicant();
    const hk: ApplicantDraft = { ...base, person: { ...base.person, idType: 'hk_macao_permit', mobile: '+852 9123 4567' } };
    expect(applicantCheck('applicant.mobile', hk, TODAY)?.('+852 9123 4567')).toBeNull();
    expect(applicantCheck('applicant.mobile', base, TODAY)?.('+852 9123 4567')).toBe('请填写内地11位手机号码（境外号码仅限持港澳台或外国证件的申请人、代办人）');
  });
});
