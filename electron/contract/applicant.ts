import { z } from 'zod';
import { boundedText } from './common';
import { calendarDateIn, HALL_TIME_ZONE_DEFAULT } from './dates';
import {
  IDENTITY_DOCUMENT_TYPES,
  checkIdentityDocumentNumber,
  checkMobileNumber,
  checkOrganisationName,
  checkPersonName,
  checkUnifiedSocialCreditCode,
  type IdentityDocumentType,
  type ValidationResult,
} from './validation';

/** A string field whose value is the validator's normalised value, its message the validator's. */
function checked(check: (input: string) => ValidationResult<string>, emptyMessage: string) {
  return z.string({ error: emptyMessage }).transform((input, ctx) => {
    const result = check(input);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
}

export const PersonNameField = checked(checkPersonName, '请输入姓名');
export const OrganisationNameField = checked(checkOrganisationName, '请输入单位名称');
export const MobileField = checked(checkMobileNumber, '请输入手机号码');
export const CreditCodeField = checked(checkUnifiedSocialCreditCode, '请输入统一社会信用代码');

const Address = boundedText(200, '地址不超过 200 字').default('');

/**
 * The id number's rules depend on the sibling `idType`, so it is checked at the object level;
 * the issue is still reported at `idNumber` so the UI puts the message beside that field.
 */
function withCheckedIdNumber<T extends { idType: IdentityDocumentType; idNumber: string }>(
  value: T,
  ctx: z.RefinementCtx,
): T {
  // A day of grace on "not born in the future": this schema runs on whatever clock and zone the
  // caller has (the UI's browser, the core's PC), and a newborn registered just after midnight
  // must never be refused, while a birth date one day ahead harms nothing.
  const latestBirthDate = calendarDateIn(HALL_TIME_ZONE_DEFAULT, new Date(Date.now() + 86_400_000));
  const result = checkIdentityDocumentNumber(value.idType, value.idNumber, latestBirthDate);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message, path: ['idNumber'] });
    return z.NEVER;
  }
  return { ...value, idNumber: result.value };
}

const IdType = z.enum(IDENTITY_DOCUMENT_TYPES, { error: '请选择证件类型' });
const IdNumber = z.string({ error: '请输入证件号码' }).max(40, { error: '证件号码过长' });

export const PersonApplicantSchema = z
  .object({
    kind: z.literal('person'),
    name: PersonNameField,
    idType: IdType,
    idNumber: IdNumber,
    mobile: MobileField,
    address: Address,
  })
  .strict()
  .transform(withCheckedIdNumber);

export const OrganisationApplicantSchema = z
  .object({
    kind: z.literal('organisation'),
    name: OrganisationNameField,
    creditCode: CreditCodeField,
    legalRepresentative: PersonNameField,
    contactName: PersonNameField,
    mobile: MobileField,
    address: Address,
  })
  .strict();

export const ApplicantSchema = z.discriminatedUnion('kind', [PersonApplicantSchema, OrganisationApplicantSchema]);
export type ApplicantInput = z.input<typeof ApplicantSchema>;
export type Applicant = z.output<typeof ApplicantSchema>;

/** 代办人 / 委托代理人: always a natural person. */
export const AgentSchema = z
  .object({
    name: PersonNameField,
    idType: IdType,
    idNumber: IdNumber,
    mobile: MobileField,
  })
  .strict()
  .transform(withCheckedIdNumber);
export type AgentInput = z.input<typeof AgentSchema>;
export type Agent = z.output<typeof AgentSchema>;

/** The identifying number used to search and to mask: id number or credit code. */
export function applicantIdNumber(applicant: Applicant): string {
  return applicant.kind === 'person' ? applicant.idNumber : applicant.creditCode;
}
