/**
 * 居民身份证 number (GB 11643-1999). The checksum and birth-date rules are shared with the
 * 港澳台居民居住证 and the new 外国人永久居留身份证 in ./gb11643.
 */
import type { Gb11643Number } from './gb11643';
import { checkGb11643Number } from './gb11643';
import type { ChecksumPolicy, ValidationResult } from './validation-result';

export type ResidentIdNumber = Gb11643Number;

// Province-level codes of GB/T 2260 that appear on resident ID cards.
const PROVINCE_CODE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [11, 15],
  [21, 23],
  [31, 37],
  [41, 46],
  [50, 54],
  [61, 65],
];

// 81/82/83 (and 71, which GB/T 2260 gives Taiwan) head the numbers of 港澳台居民居住证, not
// of resident ID cards; saying so sends the clerk to the right document type.
const HMT_CODES: ReadonlySet<string> = new Set(['71', '81', '82', '83']);

function residentRegionMessage(firstTwoDigits: string): string | null {
  const code = Number(firstTwoDigits);
  if (PROVINCE_CODE_RANGES.some(([from, to]) => code >= from && code <= to)) return null;
  if (HMT_CODES.has(firstTwoDigits)) {
    return '该号码是港澳台居民居住证号码，请将证件类型选为“港澳台居民居住证”';
  }
  return '身份证号前两位的地区代码不正确';
}

/**
 * Checks a resident ID number as typed; the value is the 18 characters with `X` upper case,
 * with birth date and sex read from it. `checksum: 'confirmed'` accepts a wrong GB 11643 check
 * character the clerk has confirmed against the card (see ChecksumPolicy).
 */
export function checkResidentIdNumber(
  input: string,
  today: string,
  // Stryker disable next-line StringLiteral: compared with 'confirmed' only, so any other default enforces the check character
  checksum: ChecksumPolicy = 'enforce',
): ValidationResult<ResidentIdNumber> {
  return checkGb11643Number(
    input,
    today,
    {
      noun: '身份证号',
      checkRegion: residentRegionMessage,
      legacyFifteenDigitMessage: '15位身份证号已停止使用，请使用18位身份证号',
    },
    checksum,
  );
}
