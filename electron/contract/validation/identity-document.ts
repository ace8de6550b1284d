/** The identity documents an applicant or agent may present at the window. */
import { gb11643CheckCharacter } from './gb11643';
import { checkHmtResidencePermitNumber } from './hmt-residence-permit';
import { checkResidentIdNumber } from './resident-id-number';
import type { ChecksumPolicy, ValidationResult } from './validation-result';
import {
  asciiUpperCase,
  checksumMismatch,
  codePointLength,
  firstCharacterOutside,
  invalid,
  precheckIdentifier,
  valid,
} from './validation-result';

export const IDENTITY_DOCUMENT_TYPES = [
  'resident_id_card',
  'hmt_residence_permit',
  'hk_macao_permit',
  'taiwan_permit',
  'passport',
  'foreign_permanent_residence',
] as const;

export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

export const IDENTITY_DOCUMENT_LABELS: Readonly<Record<IdentityDocumentType, string>> = {
  resident_id_card: '居民身份证',
  hmt_residence_permit: '港澳台居民居住证',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  passport: '护照',
  foreign_permanent_residence: '外国人永久居留身份证',
};

/**
 * Documents issued on the mainland to its own residents. Their holders are asked for a mainland
 * mobile number; holders of every other document (港澳台, foreign) may give an international one.
 */
export const MAINLAND_IDENTITY_DOCUMENT_TYPES: ReadonlySet<IdentityDocumentType> = new Set(['resident_id_card']);

export function isIdentityDocumentType(value: string): value is IdentityDocumentType {
  return (IDENTITY_DOCUMENT_TYPES as readonly string[]).includes(value);
}

function checkHkMacaoPermit(input: string): ValidationResult<string> {
  const noun = '通行证号码';
  const pre = precheckIdentifier(input, noun);
  if (!pre.ok) return pre;
  const typed = pre.value;
  // H/M + 8 digits since 2012; the older cards (H/M + 10 digits, the last two counting
  // renewals) are still seen and still valid. Checked as typed (h/m too), upper-cased after.
  if (/^[HMhm](\d{8}|\d{10})$/.test(typed)) return valid(asciiUpperCase(typed));
  if (!/^[HMhm]/.test(typed)) return invalid(`${noun}应以字母H（香港）或M（澳门）开头`);
  return invalid(`${noun}应为H或M加8位数字（旧版为10位数字）`);
}

function checkTaiwanPermit(input: string): ValidationResult<string> {
  const noun = '通行证号码';
  const pre = precheckIdentifier(input, noun);
  if (!pre.ok) return pre;
  const number = pre.value;
  // 8 digits on the current card, 10 on the older one.
  if (/^(\d{8}|\d{10})$/.test(number)) return valid(number);
  if (!/^\d+$/.test(number)) return invalid(`${noun}只能是数字`);
  return invalid(`${noun}应为8位数字（旧版为10位），当前为${number.length}位`);
}

function checkPassport(input: string): ValidationResult<string> {
  const noun = '护照号码';
  const pre = precheckIdentifier(input, noun);
  if (!pre.ok) return pre;
  const typed = pre.value;
  // Only the general form: Chinese ordinary passports are E + 8 digits or E + letter +
  // 7 digits, but the window also serves foreigners, whose passports vary by country.
  // The characters are checked as typed: the machine-readable zone of every passport holds
  // A-Z and 0-9 only, and upper-casing first would turn `ß` into `SS` and `ı` into `I`.
  // Stryker disable next-line Regex: firstCharacterOutside tests one code point at a time, so either anchor alone already spans it
  const stray = firstCharacterOutside(typed, /^[0-9A-Za-z]$/);
  if (stray !== null) return invalid(`${noun}只能由字母和数字组成，不能有“${stray}”`);
  const length = typed.length;
  if (length < 5 || length > 17) return invalid(`${noun}应为5-17位，当前为${length}位`);
  return valid(asciiUpperCase(typed));
}

function checkForeignPermanentResidence(input: string, checksum: ChecksumPolicy): ValidationResult<string> {
  const noun = '永久居留身份证号码';
  const pre = precheckIdentifier(input, noun);
  if (!pre.ok) return pre;
  const typed = pre.value;
  const length = codePointLength(typed);
  // Checked as typed; letters are upper-cased only once the whole number is known to be ASCII.
  // Stryker disable next-line Regex: firstCharacterOutside tests one code point at a time, so either anchor alone already spans it
  if (firstCharacterOutside(typed, /^[0-9A-Za-z]$/) !== null) {
    if (length === 18) return invalid(`${noun}应以9开头，前17位为数字，最后一位为数字或X`);
    if (length === 15) return invalid(`旧版${noun}应为3位字母加12位数字`);
    return invalid(`${noun}应为18位（旧版为15位），当前为${length}位`);
  }
  const number = asciiUpperCase(typed);
  // The 2015 card: 3-letter nationality code + 12 digits, with no check character.
  if (/^[A-Z]{3}\d{12}$/.test(number)) return valid(number);
  // The 2023 card: '9' + province + nationality + birth date + sequence, and the same
  // MOD 11-2 check character as the resident ID number. Only that character is checked:
  // the inner parts follow rules of their own that the window has no tables for.
  if (/^9\d{16}[\dX]$/.test(number)) {
    if (gb11643CheckCharacter(number) !== number.charAt(17) && checksum !== 'confirmed') {
      return checksumMismatch(`${noun}校验位不正确，请核对最后一位`);
    }
    return valid(number);
  }
  if (length === 18) return invalid(`${noun}应以9开头，前17位为数字，最后一位为数字或X`);
  if (length === 15) return invalid(`旧版${noun}应为3位字母加12位数字`);
  return invalid(`${noun}应为18位（旧版为15位），当前为${length}位`);
}

/**
 * Checks a document number for the given type; the value is the number as it should be
 * stored (trimmed, letters upper case). A wrong check character (resident ID, 港澳台居民居住证,
 * the 2023 permanent residence card) is a `checksumOnly` failure, accepted with
 * `checksum: 'confirmed'` once the clerk has compared the number with the document.
 */
export function checkIdentityDocumentNumber(
  type: IdentityDocumentType,
  input: string,
  today: string,
  // Stryker disable next-line StringLiteral: every validator compares with 'confirmed' only, so any other default enforces the check character
  checksum: ChecksumPolicy = 'enforce',
): ValidationResult<string> {
  switch (type) {
    case 'resident_id_card': {
      const result = checkResidentIdNumber(input, today, checksum);
      return result.ok ? valid(result.value.number) : result;
    }
    case 'hmt_residence_permit': {
      const result = checkHmtResidencePermitNumber(input, today, checksum);
      return result.ok ? valid(result.value.number) : result;
    }
    case 'hk_macao_permit':
      return checkHkMacaoPermit(input);
    case 'taiwan_permit':
      return checkTaiwanPermit(input);
    case 'passport':
      return checkPassport(input);
    case 'foreign_permanent_residence':
      return checkForeignPermanentResidence(input, checksum);
    default: {
      // Types arrive from forms and stored cases too; an unknown one must not pass silently.
      const unknown: never = type;
      return invalid(`未知的证件类型：${String(unknown)}`);
    }
  }
}
