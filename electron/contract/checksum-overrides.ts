/**
 * Numbers accepted although their check character is wrong. Some genuine documents fail the
 * check of their own standard (credit codes issued before GB 32100 settled, early resident ID
 * numbers): refusing them would leave the window unable to serve the holder. The clerk may accept
 * such a number only by a deliberate confirmation that it matches the original document, and the
 * case records which number, who confirmed it and when.
 */
import { z } from 'zod';
import type { Agent, Applicant } from './applicant';

/** The applicant / agent fields that hold a number with a check character, as argument paths. */
export const CHECKSUM_OVERRIDE_FIELDS = ['applicant.idNumber', 'applicant.creditCode', 'agent.idNumber'] as const;
export type ChecksumOverrideField = (typeof CHECKSUM_OVERRIDE_FIELDS)[number];

export const CHECKSUM_OVERRIDE_FIELD_LABELS: Readonly<Record<ChecksumOverrideField, string>> = {
  'applicant.idNumber': '申请人证件号码',
  'applicant.creditCode': '统一社会信用代码',
  'agent.idNumber': '代办人证件号码',
};

/**
 * What the clerk sees beside a number whose check character is wrong, and must confirm by an
 * explicit act (a checkbox that starts unticked) before the core accepts it.
 */
export const CHECKSUM_OVERRIDE_PROMPT = '校验位不符合国家标准。如已核对原件、号码与证件一致（如标准施行前赋码的证照），可确认后继续受理，确认情况将记入办件。';
export const CHECKSUM_OVERRIDE_CONFIRMATION = '已核对证件原件，号码与原件一致';

/** The reason code on a field error the clerk can clear by that confirmation (FieldError.reason). */
export const CHECKSUM_UNCONFIRMED = 'checksum_unconfirmed';

/**
 * One confirmed number as the case records it (in the `case.received` event): `confirmedBy` is
 * the staff id of the clerk signed in when the case was submitted, `confirmedAt` that instant.
 */
export const ChecksumOverrideSchema = z.object({
  field: z.enum(CHECKSUM_OVERRIDE_FIELDS),
  /** The identity document type key, or `unified_social_credit_code`. */
  document: z.string(),
  number: z.string(),
  confirmedBy: z.string(),
  confirmedAt: z.string(),
});
export type ChecksumOverride = z.infer<typeof ChecksumOverrideSchema>;

/**
 * The numbers of a parsed applicant and agent that were accepted only on the clerk's
 * confirmation (the schemas keep a confirmation flag true only when the check character really
 * is wrong), without who and when, which the core adds.
 */
export function confirmedChecksumFields(
  applicant: Applicant,
  agent: Agent | null,
): Array<Pick<ChecksumOverride, 'field' | 'document' | 'number'>> {
  const found: Array<Pick<ChecksumOverride, 'field' | 'document' | 'number'>> = [];
  if (applicant.kind === 'person' && applicant.idNumberChecksumConfirmed) {
    found.push({ field: 'applicant.idNumber', document: applicant.idType, number: applicant.idNumber });
  }
  if (applicant.kind === 'organisation' && applicant.creditCodeChecksumConfirmed) {
    found.push({ field: 'applicant.creditCode', document: 'unified_social_credit_code', number: applicant.creditCode });
  }
  if (agent?.idNumberChecksumConfirmed) {
    found.push({ field: 'agent.idNumber', document: agent.idType, number: agent.idNumber });
  }
  return found;
}
