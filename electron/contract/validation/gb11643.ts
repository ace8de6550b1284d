/**
 * GB 11643-1999 (公民身份号码) as shared by the resident ID card, the 港澳台居民居住证 and
 * the 2023 外国人永久居留身份证: 17 digits — address code, birth date YYYYMMDD at
 * positions 7-14, sequence code whose last digit gives the sex — and an ISO 7064 MOD 11-2
 * check character.
 */
import type { ChecksumPolicy, ValidationResult } from './validation-result';
import { asciiUpperCase, checksumMismatch, codePointLength, invalid, precheckIdentifier, valid } from './validation-result';
import { daysInMonth } from '../dates';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** The MOD 11-2 check character for 17 digits (callers have checked they are digits). */
export function gb11643CheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARACTERS.charAt(sum % 11);
}


/** YYYYMMDD → YYYY-MM-DD when it is a real calendar date, otherwise null. */
function calendarDate(yyyymmdd: string): string | null {
  // Stryker disable next-line Regex: callers pass at most 8 characters (positions 7-14, or today after its own anchored check), so 8 digits are the whole string either way
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (match === null) return null;
  // Stryker disable next-line StringLiteral: the three groups are not optional, so a match always fills them and the defaults are never used
  const [, y = '', m = '', d = ''] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return `${y}-${m}-${d}`;
}

/**
 * `today` comes from the program, not the applicant; a malformed value is a bug in the
 * caller and must not turn into a message blaming the applicant's number.
 */
export function assertIsoDate(today: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || calendarDate(today.replaceAll('-', '')) === null) {
    throw new RangeError(`today must be a YYYY-MM-DD date, got "${today}"`);
  }
}

/** The birth date at positions 7-14 of an 18-character number, as YYYY-MM-DD. */
export function checkGb11643BirthDate(
  number: string,
  today: string,
  noun: string,
): ValidationResult<string> {
  assertIsoDate(today);
  const raw = number.slice(6, 14);
  const date = calendarDate(raw);
  if (date === null) {
    return invalid(`${noun}第7-14位的出生日期“${raw}”不是有效日期`);
  }
  if (date < EARLIEST_BIRTH_DATE) {
    return invalid(`${noun}中的出生日期早于1900年，请核对第7-14位`);
  }
  if (date > today) {
    return invalid(`${noun}中的出生日期晚于今天，请核对第7-14位`);
  }
  return valid(date);
}

export type Gb11643Number = {
  /** 18 characters, check character upper case. */
  number: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
};

export type Gb11643Spec = {
  /** How the field is named in messages, e.g. "身份证号". */
  noun: string;
  /** Null when the first two digits are acceptable, else the message to show. */
  checkRegion: (firstTwoDigits: string) => string | null;
  /** Shown for a 15-digit number, where the old 15-digit form once existed. */
  legacyFifteenDigitMessage?: string;
};

/**
 * The full check in the order a clerk would look at the number: length, characters,
 * region, birth date, and last the check character — so that a message about the check
 * character means every other part looked right.
 *
 * Length and characters are checked on what was typed, and only then is `x` upper-cased:
 * upper-casing first would let a 17-character input holding `ß` count as 18 (`SS`).
 * With `checksum: 'confirmed'` a wrong check character is accepted (the clerk has compared
 * the number with the card); without it the failure is marked `checksumOnly`.
 */
export function checkGb11643Number(
  input: string,
  today: string,
  spec: Gb11643Spec,
  // Stryker disable next-line StringLiteral: compared with 'confirmed' only, so any other default enforces the check character
  checksum: ChecksumPolicy = 'enforce',
): ValidationResult<Gb11643Number> {
  assertIsoDate(today);
  const { noun } = spec;
  const pre = precheckIdentifier(input, noun);
  if (!pre.ok) return pre;
  const typed = pre.value;

  if (spec.legacyFifteenDigitMessage !== undefined && /^\d{15}$/.test(typed)) {
    return invalid(spec.legacyFifteenDigitMessage);
  }
  const length = codePointLength(typed);
  if (length !== 18) return invalid(`${noun}应为18位，当前为${length}位`);
  // Stryker disable next-line Regex: the input has 18 code points here, so the slice is exactly 17 UTF-16 units and 17 digits fill it either way
  if (!/^\d{17}$/.test(typed.slice(0, 17))) {
    return invalid(`${noun}前17位只能是数字`);
  }
  // Stryker disable next-line Regex: charAt returns one UTF-16 unit, which either anchor alone already spans
  if (!/^[\dXx]$/.test(typed.charAt(17))) {
    return invalid(`${noun}最后一位只能是数字或X`);
  }
  const number = asciiUpperCase(typed);

  const regionMessage = spec.checkRegion(number.slice(0, 2));
  if (regionMessage !== null) return invalid(regionMessage);

  const birthDate = checkGb11643BirthDate(number, today, noun);
  if (!birthDate.ok) return birthDate;

  // The correct character is deliberately not shown: it would let anyone "repair" a
  // mistyped or made-up number instead of checking it against the document.
  if (gb11643CheckCharacter(number) !== number.charAt(17) && checksum !== 'confirmed') {
    return checksumMismatch(`${noun}校验位不正确，请核对最后一位`);
  }

  const sex = Number(number.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return valid({ number, birthDate: birthDate.value, sex });
}
