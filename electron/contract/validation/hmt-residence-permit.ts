/**
 * 港澳台居民居住证 number: a GB 11643 number whose address code is that of Hong Kong (81),
 * Macao (82) or Taiwan (83). The checksum and birth-date rules live in ./gb11643.
 */
import type { Gb11643Number } from './gb11643';
import { checkGb11643Number } from './gb11643';
import type { ChecksumPolicy, ValidationResult } from './validation-result';
import { invalid, valid } from './validation-result';

export type HmtRegion = 'hong_kong' | 'macao' | 'taiwan';

export type HmtResidencePermitNumber = Gb11643Number & { region: HmtRegion };

const REGIONS: ReadonlyMap<string, HmtRegion> = new Map([
  ['81', 'hong_kong'],
  ['82', 'macao'],
  ['83', 'taiwan'],
]);

const REGION_MESSAGE = '港澳台居民居住证号码应以81（香港）、82（澳门）或83（台湾）开头';

/** Checks a 港澳台居民居住证 number; `checksum` as for checkResidentIdNumber. */
export function checkHmtResidencePermitNumber(
  input: string,
  today: string,
  // Stryker disable next-line StringLiteral: compared with 'confirmed' only, so any other default enforces the check character
  checksum: ChecksumPolicy = 'enforce',
): ValidationResult<HmtResidencePermitNumber> {
  const result = checkGb11643Number(input, today, {
    noun: '居住证号码',
    // Only the first two digits are checked: the standard fixes the whole address code
    // (810000, 820000, 830000), but refusing a genuine permit at the counter costs more
    // than letting an odd code through, and the checksum still catches typing mistakes.
    checkRegion: (firstTwo) => (REGIONS.has(firstTwo) ? null : REGION_MESSAGE),
  }, checksum);
  if (!result.ok) return result;
  const region = REGIONS.get(result.value.number.slice(0, 2));
  // Stryker disable next-line ConditionalExpression: checkRegion above already refused every prefix not in REGIONS; this only narrows the type
  if (region === undefined) return invalid(REGION_MESSAGE);
  return valid({ ...result.value, region });
}
