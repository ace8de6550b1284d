/** Mainland China mobile numbers, as applicants say and write them. */
import type { ValidationResult } from './validation-result';
import { containsFullWidthAlphanumeric, invalid, valid } from './validation-result';

/**
 * Accepts 13812345678, 138 1234 5678, 138-1234-5678, +86 138…, 86138…, 0086138…; the value is
 * the bare 11 digits, which is what SMS gateways and the upstream platforms expect.
 */
export function checkMobileNumber(input: string): ValidationResult<string> {
  const compact = input.replace(/[\s-]/gu, '');
  if (compact === '') return invalid('请输入手机号码');
  if (containsFullWidthAlphanumeric(compact)) {
    return invalid('手机号码中有全角字符，请切换到半角输入');
  }

  let digits = compact;
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  // A bare 11-digit mobile number starts with 1, so a leading 86 on 13 digits is the code.
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);

  if (!/^\d+$/.test(digits)) return invalid('手机号码只能包含数字');
  if (digits.length !== 11) return invalid(`手机号码应为11位，当前为${digits.length}位`);
  if (!/^1[3-9]/.test(digits)) return invalid('手机号码应以13-19开头，请核对');
  return valid(digits);
}
