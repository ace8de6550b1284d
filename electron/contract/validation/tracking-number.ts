/** Postal / courier tracking numbers (邮件单号) as clerks type them from the waybill. */
import type { ValidationResult } from './validation-result';
import { asciiUpperCase, containsFullWidthAlphanumeric, firstCharacterOutside, invalid, valid } from './validation-result';

/** Longest number kept; EMS (13), SF (12-15) and JD (up to 15 + suffix) numbers are far shorter. */
export const TRACKING_NUMBER_MAX = 40;
const TRACKING_NUMBER_MIN = 6;

// Waybills print numbers in groups (SF 1234 5678 9012, EA 123 456 789 CN, 7700-1234-5678):
// spaces and dashes, in whatever width the IME produced, only separate the groups.
const SEPARATORS = /[\s\-\u2010-\u2015\uFF0D]/gu;

/**
 * Checks a tracking number; the value is the number without separators, letters upper case
 * (`SF 1234 5678 9012` → `SF123456789012`). The characters are checked as typed — ASCII letters
 * and digits only — before upper-casing, so `ß` or a full-width digit cannot slip in as `SS` or
 * `1`. Errors: empty, full-width characters, other symbols, fewer than 6 or more than 40.
 */
export function checkTrackingNumber(input: string): ValidationResult<string> {
  const compact = input.replace(SEPARATORS, '');
  if (compact === '') return invalid('请填写邮件单号');
  if (containsFullWidthAlphanumeric(compact)) return invalid('邮件单号中有全角字符，请切换到半角输入');
  // Stryker disable next-line Regex: firstCharacterOutside tests one code point at a time, so either anchor alone already spans it
  const stray = firstCharacterOutside(compact, /^[0-9A-Za-z]$/);
  if (stray !== null) return invalid(`邮件单号只能由字母和数字组成，不能有“${stray}”`);
  if (compact.length < TRACKING_NUMBER_MIN) return invalid(`邮件单号至少${TRACKING_NUMBER_MIN}位，当前为${compact.length}位`);
  if (compact.length > TRACKING_NUMBER_MAX) return invalid(`邮件单号最多${TRACKING_NUMBER_MAX}位，当前为${compact.length}位`);
  return valid(asciiUpperCase(compact));
}
