/**
 * Mobile numbers as applicants say and write them: mainland China numbers always, and
 * international ones (E.164) for holders of a 港澳台 or foreign document, who often have no
 * mainland number at all.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import type { ValidationResult } from './validation-result';
import { containsFullWidthAlphanumeric, invalid, valid } from './validation-result';

/**
 * Which numbers a field accepts. `mainland`: the 11-digit mainland number only (the holder of
 * a mainland document — 居民身份证, or an organisation by its credit code). `international`:
 * a mainland number or any country's mobile number written with `+` or `00` and its country
 * code (the holder of a 港澳台 or foreign document).
 */
export type MobileNumberScope = 'mainland' | 'international';

// Full-width digits, letters and the full-width plus a Chinese IME types for "+".
const FULL_WIDTH_PLUS = '\uFF0B';
const INTERNATIONAL_EXAMPLE = '+852 9123 4567';

function mainland(digits: string, scope: MobileNumberScope): ValidationResult<string> {
  // 852 9123 4567 is 11 digits too: whoever may hold a foreign number is told how to write one.
  const hint = scope === 'international' ? `；境外号码请在前面加“+”和国家或地区代码，如 ${INTERNATIONAL_EXAMPLE}` : '';
  if (!/^\d+$/.test(digits)) return invalid(`手机号码只能包含数字${hint}`);
  if (digits.length !== 11) return invalid(`手机号码应为11位，当前为${digits.length}位${hint}`);
  if (!/^1[3-9]/.test(digits)) return invalid(`手机号码应以13-19开头，请核对${hint}`);
  return valid(digits);
}

/**
 * Accepts 13812345678, 138 1234 5678, 138-1234-5678, +86 138…, 86138…, 0086138…, whose value
 * is the bare 11 digits (what SMS gateways and the upstream platforms expect); and, in the
 * `international` scope, `+852 9123 4567`, `00852 9123 4567`, `+1 (415) 555-2671`, whose value
 * is E.164 (`+85291234567`). Whether an international number can be a mobile number of its
 * country is decided by libphonenumber's metadata (its `mobile` set), not by rules of our own.
 *
 * Spaces, dashes (and, after a `+`, brackets and dots: `+33 6.12.34.56.78`, `+1 415.555.2671`)
 * are separators and are removed first; every other
 * character is checked as typed: libphonenumber would read full-width and Arabic-Indic digits
 * and drop a trailing extension, which must never turn what the clerk typed into another number.
 */
export function checkMobileNumber(input: string, scope: MobileNumberScope = 'mainland'): ValidationResult<string> {
  const compact = input.replace(/[\s-]/gu, '');
  if (compact === '') return invalid('请输入手机号码');
  if (containsFullWidthAlphanumeric(compact) || compact.includes(FULL_WIDTH_PLUS)) {
    return invalid('手机号码中有全角字符，请切换到半角输入');
  }

  // +86 / 0086 / (on 13 digits) 86 is the mainland's own code: the mainland rule applies.
  // (The hint about adding a country code is for numbers typed without one.)
  // Stryker disable next-line StringLiteral: mainland() only tests scope === 'international' (for the hint), so any other scope is the same
  const mainlandScope: MobileNumberScope = 'mainland';
  if (compact.startsWith('+86')) return mainland(compact.slice(3), mainlandScope);
  if (compact.startsWith('0086')) return mainland(compact.slice(4), mainlandScope);
  // A bare 11-digit mobile number starts with 1, so a leading 86 on 13 digits is the code.
  if (compact.startsWith('86') && compact.length === 13) return mainland(compact.slice(2), mainlandScope);

  const international = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : null;
  if (international === null) return mainland(compact, scope);
  if (scope === 'mainland') {
    return invalid('请填写内地11位手机号码（境外号码仅限持港澳台或外国证件的申请人、代办人）');
  }
  const digits = international.replace(/[().]/g, '');
  if (!/^\d+$/.test(digits)) return invalid('手机号码只能包含数字');
  const phone = parsePhoneNumberFromString(`+${digits}`);
  if (phone === undefined || !phone.isValid()) {
    return invalid(`不是有效的境外手机号码，请核对国家或地区代码和号码（如 ${INTERNATIONAL_EXAMPLE}）`);
  }
  return valid(phone.number);
}

/**
 * The country calling code of a stored international number (`+85291234567` → `852`), or null
 * for anything that is not one (a mainland number is stored without `+86`).
 */
export function internationalCallingCode(stored: string): string | null {
  if (!/^\+\d+$/.test(stored)) return null;
  return parsePhoneNumberFromString(stored)?.countryCallingCode ?? null;
}
