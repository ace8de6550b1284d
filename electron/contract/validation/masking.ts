/**
 * Masking of document and phone numbers for everything that leaves the screen: printed
 * notices, receipts and logs. Works by code point so that a stray character outside the BMP
 * can never be cut in half into an unpaired surrogate.
 */
import { checkMobileNumber, internationalCallingCode } from './mobile-number';

function maskKeeping(chars: readonly string[], head: number, tail: number): string {
  const hidden = chars.length - head - tail;
  return chars.slice(0, head).join('') + '*'.repeat(hidden) + chars.slice(chars.length - tail).join('');
}

/**
 * 110105********002X: the first 6 (the issuing region) and the last 4 stay visible, which is
 * how halls print ID numbers (and credit codes). Shorter numbers (passports, permits, the
 * old 15-character residence cards) keep only the first and the last, so at least half of
 * any number stays hidden; with 2 characters or fewer nothing can be shown safely.
 */
export function maskIdNumber(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 2) return '*'.repeat(chars.length);
  if (chars.length < 18) return maskKeeping(chars, 1, 1);
  return maskKeeping(chars, 6, 4);
}

/**
 * 138****5678. The number is first read as the mobile check reads it, so +86 138 1234 5678
 * is masked too; an international number keeps its country code and last 4 digits
 * (+852****4567, +1******2671); anything that is not a mobile number (a landline, a typo)
 * falls back to the short-number mask rather than being printed in full.
 */
export function maskMobile(value: string): string {
  // Stryker disable next-line StringLiteral: checkMobileNumber only tests scope === 'mainland' (and 'international' for a message), so another scope accepts the same numbers
  const mobile = checkMobileNumber(value, 'international');
  if (mobile.ok) {
    const callingCode = internationalCallingCode(mobile.value);
    if (callingCode !== null) return maskKeeping(Array.from(mobile.value), 1 + callingCode.length, 4);
    return maskKeeping(Array.from(mobile.value), 3, 4);
  }
  const chars = Array.from(value.trim());
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return maskKeeping(chars, 1, 1);
}
