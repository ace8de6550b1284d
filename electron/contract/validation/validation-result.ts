/**
 * The outcome of checking one field of applicant data. The UI shows `message` beside the
 * field as the clerk types, and the core runs the same check before it stores anything, so
 * the message is written for the counter: short, Chinese, and saying what to look at.
 */
export type ValidationResult<T = string> = { ok: true; value: T } | { ok: false; message: string };

export function valid<T>(value: T): ValidationResult<T> {
  return { ok: true, value };
}

export function invalid<T = never>(message: string): ValidationResult<T> {
  return { ok: false, message };
}

// A clerk whose IME is in full-width mode types ０-９ and Ａ-Ｚ, which look like the right
// characters; without a hint the "only digits" message would be baffling at the counter.
const FULL_WIDTH_ALPHANUMERIC = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/u;

/**
 * The first steps every document number goes through: trim the surrounding whitespace
 * (pasted or scanned values often carry it) but refuse inner whitespace rather than silently
 * joining the parts, since a space in the middle usually means a digit is missing or extra.
 * `noun` names the field in the messages, e.g. "身份证号".
 */
export function precheckIdentifier(input: string, noun: string): ValidationResult<string> {
  const trimmed = input.trim();
  if (trimmed === '') return invalid(`请输入${noun}`);
  if (/\s/u.test(trimmed)) return invalid(`${noun}中间不能有空格`);
  if (FULL_WIDTH_ALPHANUMERIC.test(trimmed)) {
    return invalid(`${noun}中有全角字符，请切换到半角输入`);
  }
  return valid(trimmed);
}

export function containsFullWidthAlphanumeric(text: string): boolean {
  return FULL_WIDTH_ALPHANUMERIC.test(text);
}

/** Length in code points: a character outside the BMP is one character to the applicant. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}
