import { z } from 'zod';
import { boundedText } from './common';
import { calendarDateIn, HALL_TIME_ZONE_DEFAULT } from './dates';
import { CHECKSUM_UNCONFIRMED } from './checksum-overrides';
import { TEXT_LIMITS } from './text-limits';
import {
  IDENTITY_DOCUMENT_TYPES,
  MAINLAND_IDENTITY_DOCUMENT_TYPES,
  checkIdentityDocumentNumber,
  checkMobileNumber,
  checkOrganisationName,
  checkPersonNameOf,
  checkUnifiedSocialCreditCode,
  PERSON_NAME_ROLES,
  type PersonNameRole,
  type ChecksumPolicy,
  type IdentityDocumentType,
  type MobileNumberScope,
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

/** The name of the person in `role`, asked for by that role when missing (checkPersonNameOf). */
export function personNameField(role: PersonNameRole) {
  return checked((input) => checkPersonNameOf(role, input), `请输入${PERSON_NAME_ROLES[role]}`);
}

export const PersonNameField = personNameField('applicant');
export const OrganisationNameField = checked(checkOrganisationName, '请输入单位名称');
/** A mainland mobile number (the holder of a mainland document); see mobileScopeFor. */
export const MobileField = checked(checkMobileNumber, '请输入手机号码');
export const CreditCodeField = checked(checkUnifiedSocialCreditCode, '请输入统一社会信用代码');

/**
 * Holders of a mainland document give a mainland mobile number; holders of a 港澳台 or foreign
 * document may give an international one (they often have no mainland number at all).
 */
export function mobileScopeFor(idType: IdentityDocumentType): MobileNumberScope {
  return MAINLAND_IDENTITY_DOCUMENT_TYPES.has(idType) ? 'mainland' : 'international';
}

/**
 * Runs a number's check for a field that may carry the clerk's checksum confirmation. Returns
 * the value to store and whether it was accepted only by that confirmation (the flag is kept
 * true only then, so a case never records an override that was not needed), or null after
 * reporting the issue at `path`. A wrong check character without confirmation is reported with
 * `params.reason = checksum_unconfirmed`, so the UI can offer the confirmation.
 */
function checkConfirmable(
  check: (checksum: ChecksumPolicy) => ValidationResult<string>,
  confirmed: boolean,
  ctx: z.RefinementCtx,
  path: string,
): { value: string; overridden: boolean } | null {
  const strict = check('enforce');
  if (strict.ok) return { value: strict.value, overridden: false };
  if (strict.checksumOnly === true) {
    if (confirmed) {
      const lenient = check('confirmed');
      if (lenient.ok) return { value: lenient.value, overridden: true };
    } else {
      ctx.addIssue({ code: 'custom', message: strict.message, path: [path], params: { reason: CHECKSUM_UNCONFIRMED } });
      return null;
    }
  }
  ctx.addIssue({ code: 'custom', message: strict.message, path: [path] });
  return null;
}

/**
 * A mobile number as typed, checked on its own in the widest scope (so its problems are reported
 * together with the other fields'); whether the holder's document allows an international one
 * is decided with `idType` at the object level.
 */
const AnyMobile = z
  .string({ error: '请输入手机号码' })
  .max(40, { error: '手机号码过长' })
  .superRefine((value, ctx) => {
    const result = checkMobileNumber(value, 'international');
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
  });

/**
 * The clerk's deliberate confirmation that a number with a wrong check character matches the
 * original document. Absent means not confirmed; in the parsed value (and so in stored cases)
 * it is present, and true, only when the number was accepted on that confirmation.
 */
const ChecksumConfirmed = z.boolean({ error: '校验位确认应为是或否' }).optional();

/** An applicant's address: optional, trimmed; the UI checks it beside the field with this schema. */
export const AddressField = boundedText(TEXT_LIMITS.address, `地址不超过 ${TEXT_LIMITS.address} 字`);
const Address = AddressField.default('');

/**
 * The id number's and the mobile number's rules depend on the sibling `idType`, so they are
 * checked at the object level; each issue is still reported at its own field so the UI puts
 * the message beside it. `idNumberChecksumConfirmed` comes out true only when the number's
 * check character is wrong and the clerk confirmed it against the document.
 */
function withCheckedIdNumber<
  T extends { idType: IdentityDocumentType; idNumber: string; mobile: string; idNumberChecksumConfirmed?: boolean | undefined },
>(value: T, ctx: z.RefinementCtx): T {
  // A day of grace on "not born in the future": this schema runs on whatever clock and zone the
  // caller has (the UI's browser, the core's PC), and a newborn registered just after midnight
  // must never be refused, while a birth date one day ahead harms nothing.
  const latestBirthDate = calendarDateIn(HALL_TIME_ZONE_DEFAULT, new Date(Date.now() + 86_400_000));
  const id = checkConfirmable(
    (checksum) => checkIdentityDocumentNumber(value.idType, value.idNumber, latestBirthDate, checksum),
    value.idNumberChecksumConfirmed === true,
    ctx,
    'idNumber',
  );
  const mobile = checkMobileNumber(value.mobile, mobileScopeFor(value.idType));
  if (!mobile.ok) ctx.addIssue({ code: 'custom', message: mobile.message, path: ['mobile'] });
  if (id === null || !mobile.ok) return z.NEVER;
  // Object.assign, not `{ ...value, … }`: a spread that adds a key (the confirmation is usually
  // absent) gives each object a hidden class of its own in V8, which survives scavenges in the
  // core (see toCaseDetail, electron/core/cases/case-view.ts).
  return Object.assign({}, value, { idNumber: id.value, mobile: mobile.value, idNumberChecksumConfirmed: id.overridden ? true : undefined });
}

/** The credit code checked with its sibling confirmation; see withCheckedIdNumber. */
function withCheckedCreditCode<T extends { creditCode: string; creditCodeChecksumConfirmed?: boolean | undefined }>(
  value: T,
  ctx: z.RefinementCtx,
): T {
  const code = checkConfirmable(
    (checksum) => checkUnifiedSocialCreditCode(value.creditCode, checksum),
    value.creditCodeChecksumConfirmed === true,
    ctx,
    'creditCode',
  );
  if (code === null) return z.NEVER;
  return Object.assign({}, value, { creditCode: code.value, creditCodeChecksumConfirmed: code.overridden ? true : undefined });
}

const IdType = z.enum(IDENTITY_DOCUMENT_TYPES, { error: '请选择证件类型' });
const IdNumber = z.string({ error: '请输入证件号码' }).max(40, { error: '证件号码过长' });

export const PersonApplicantSchema = z
  .object({
    kind: z.literal('person'),
    name: PersonNameField,
    idType: IdType,
    idNumber: IdNumber,
    /** Checked with idType: mainland only for a mainland document, else international too. */
    mobile: AnyMobile,
    address: Address,
    idNumberChecksumConfirmed: ChecksumConfirmed,
  })
  .strict()
  .transform(withCheckedIdNumber);

export const OrganisationApplicantSchema = z
  .object({
    kind: z.literal('organisation'),
    name: OrganisationNameField,
    // Format, length and alphabet here, with the other fields; the check character with its
    // confirmation at the object level (withCheckedCreditCode).
    creditCode: z
      .string({ error: '请输入统一社会信用代码' })
      .max(40, { error: '统一社会信用代码过长' })
      .superRefine((value, ctx) => {
        const result = checkUnifiedSocialCreditCode(value, 'confirmed');
        if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
      }),
    legalRepresentative: personNameField('legalRepresentative'),
    contactName: personNameField('contactName'),
    mobile: MobileField,
    address: Address,
    creditCodeChecksumConfirmed: ChecksumConfirmed,
  })
  .strict()
  .transform(withCheckedCreditCode);

export const ApplicantSchema = z.discriminatedUnion('kind', [PersonApplicantSchema, OrganisationApplicantSchema]);
export type ApplicantInput = z.input<typeof ApplicantSchema>;
export type Applicant = z.output<typeof ApplicantSchema>;

/** 代办人 / 委托代理人: always a natural person. */
export const AgentSchema = z
  .object({
    name: personNameField('agent'),
    idType: IdType,
    idNumber: IdNumber,
    mobile: AnyMobile,
    idNumberChecksumConfirmed: ChecksumConfirmed,
  })
  .strict()
  .transform(withCheckedIdNumber);
export type AgentInput = z.input<typeof AgentSchema>;
export type Agent = z.output<typeof AgentSchema>;

/** The identifying number used to search and to mask: id number or credit code. */
export function applicantIdNumber(applicant: Applicant): string {
  return applicant.kind === 'person' ? applicant.idNumber : applicant.creditCode;
}
