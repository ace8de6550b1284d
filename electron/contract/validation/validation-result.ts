/**
 * The outcome of checking one field of applicant data. The UI shows `message` beside the
 * field as the clerk types, and the core runs the same check before it stores anything, so
 * the message is written for the counter: short, Chinese, and saying what to look at.
 */
export type ValidationResult<T = string> = { ok: true; value: T } | ValidationFailure;

/**
 * A refused value. `checksumOnly` is set when everything but the check character is right: a
 * number the clerk may accept after comparing it with the original document (codes issued before
 * a standard settled fail its check character and are still genuine); every other failure is final.
 */
export type ValidationFailure = { ok: false; message: string; checksumOnly?: true };

/**
 * How a validator treats a wrong check character. `enforce` (the default) refuses it;
 * `confirmed` accepts it because the clerk has confirmed the number against the original
 * document. Format, length, region and date errors are refused either way.
 */
export type ChecksumPolicy = 'enforce' | 'confirmed';

/**
 * The words for a value a schema refused without a message of its own. Every schema in the
 * contract gives its own; this stands in should one ever not (zod reports at least one issue).
 */
export const INVALID_VALUE_MESSAGE = '格式不正确';

export function valid<T>(value: T): ValidationResult<T> {
  return { ok: true, value };
}

export function invalid<T = never>(message: string): ValidationResult<T> {
  return { ok: false, message };
}

/** A failure of the check character alone (see ValidationFailure.checksumOnly). */
export function checksumMismatch<T = never>(message: string): ValidationResult<T> {
  return { ok: false, message, checksumOnly: true };
}

/** Whether a result failed on its check character only, so the clerk may confirm it. */
export function isChecksumOnlyFailure(result: ValidationResult<unknown>): boolean {
  return !result.ok && result.checksumOnly === true;
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

/**
 * Upper-cases a value whose letters have already been checked to be ASCII. Upper-casing before
 * that check is how a wrong value turns valid: `ß` becomes `SS` (one more character), `ﬀ`
 * becomes `FF`, Turkish `ı` and the long `ſ` become `I` and `S`. Callers check the typed
 * characters first; this refuses (throws) anything else so the order cannot be swapped silently.
 */
export function asciiUpperCase(checked: string): string {
  if (!/^[\x20-\x7E]*$/.test(checked)) throw new RangeError('asciiUpperCase: value has not been checked to be ASCII');
  return checked.toUpperCase();
}

/**
 * The first character of `typed` outside `allowed` (a regex matching one character), or null.
 * Read by code point, so a character beyond the BMP is named whole in the message.
 */
export function firstCharacterOutside(typed: string, allowed: RegExp): string | null {
  for (const char of typed) if (!allowed.test(char)) return char;
  return null;
}

export function containsFullWidthAlphanumeric(text: string): boolean {
  return FULL_WIDTH_ALPHANUMERIC.test(text);
}

/** Length in code points: a character outside the BMP is one character to the applicant. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}
