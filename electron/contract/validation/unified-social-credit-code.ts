/**
 * 统一社会信用代码 (GB 32100-2015): registration authority (1), organisation type (1),
 * administrative division (6), organisation code (9), check character (1).
 */
import type { ChecksumPolicy, ValidationResult } from './validation-result';
import { asciiUpperCase, checksumMismatch, codePointLength, invalid, precheckIdentifier, valid } from './validation-result';

// The code's alphabet: digits and upper-case letters without I, O, S, V, Z, which are too
// easily confused with 1, 0, 5, U and 2. A character's value is its index here.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const NOUN = '统一社会信用代码';

/** The GB 32100 check character for the first 17 characters (callers have checked the alphabet). */
export function unifiedSocialCreditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  // Stryker disable next-line EqualityOperator: WEIGHTS has 17 entries, so an 18th step adds a weight of 0
  for (let i = 0; i < 17; i += 1) {
    sum += CHARSET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  }
  const check = 31 - (sum % 31);
  return CHARSET.charAt(check === 31 ? 0 : check);
}

/**
 * Checks length, alphabet, the digits of the division code and the check character.
 *
 * Deliberately NOT checked:
 * - which registration authority / organisation type codes exist (positions 1-2): the
 *   tables grow, and an unknown code is not a typing mistake the clerk can fix;
 * - the GB 11714 check digit of the embedded organisation code (positions 9-17): codes
 *   really issued to some 个体工商户 and other bodies fail it, and refusing a genuine code at
 *   the window is worse than missing a rare error the overall check character lets through.
 *
 * Length and characters are checked as typed, before letters are upper-cased (`ß`, `ﬀ`, `ı`
 * would otherwise turn into one or two valid letters). A wrong check character is refused with
 * `checksumOnly` set, or accepted with `checksum: 'confirmed'`: some genuinely registered
 * bodies hold codes issued before GB 32100 settled whose check character does not follow it,
 * and the clerk may accept one after seeing the original licence.
 */
export function checkUnifiedSocialCreditCode(
  input: string,
  // Stryker disable next-line StringLiteral: compared with 'confirmed' only, so any other default enforces the check character
  checksum: ChecksumPolicy = 'enforce',
): ValidationResult<string> {
  const pre = precheckIdentifier(input, NOUN);
  if (!pre.ok) return pre;
  const typed = pre.value;

  const length = codePointLength(typed);
  if (length !== 18) return invalid(`${NOUN}应为18位，当前为${length}位`);
  // Stryker disable next-line Regex: typed has 18 code points here, so 18 ASCII characters can only be the whole of it
  if (!/^[0-9A-Za-z]{18}$/.test(typed)) {
    return invalid(`${NOUN}只能由数字和字母组成`);
  }
  const code = asciiUpperCase(typed);
  const forbidden = /[IOSVZ]/.exec(code);
  if (forbidden !== null) {
    return invalid(`${NOUN}中不会出现字母${forbidden[0]}，请核对第${forbidden.index + 1}位`);
  }
  // Stryker disable next-line Regex: the slice of an 18-character ASCII code is exactly 6 characters, which 6 digits fill either way
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return invalid(`${NOUN}第3-8位（行政区划码）只能是数字`);
  }
  if (unifiedSocialCreditCodeCheckCharacter(code) !== code.charAt(17) && checksum !== 'confirmed') {
    return checksumMismatch(`${NOUN}校验位不正确，请核对最后一位`);
  }
  return valid(code);
}
