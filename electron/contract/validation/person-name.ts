/**
 * Names of applicants, agents and organisations.
 *
 * A name is returned exactly as typed, less surrounding whitespace. In particular no Unicode
 * normalisation (NFC, NFKC) is ever applied: the CJK compatibility ideographs U+F900–U+FAFF
 * have canonical decompositions, so even NFC silently replaces them with the unified
 * ideograph — a different character from the one on the applicant's ID card, and the name
 * on the printed notice would no longer match the document. Rare characters outside GBK and
 * outside the BMP (𠮷, 䶮, 𡈼) and ideographic variation selectors must survive unchanged,
 * which is also why lengths are counted in code points, not UTF-16 units.
 */
import { foldNameDots, NAME_DOT } from './name-dots';
import type { ValidationResult } from './validation-result';
import { codePointLength, invalid, valid } from './validation-result';

const PERSON_NAME_MAX = 50;
const ORGANISATION_NAME_MIN = 2;
const ORGANISATION_NAME_MAX = 100;

// After foldNameDots every way of typing the 间隔号 is U+00B7 (name-dots.ts), so that is the
// only dot left to allow.
const NAME_DOTS: ReadonlySet<string> = new Set([NAME_DOT]);

// What is left that looks like a name dot but is not one (a full stop beside a Latin letter or
// at an end); storing it would make the name differ from the ID card, so the clerk is told
// which dot to use instead of "invalid character".
const DOT_LOOKALIKES: ReadonlySet<string> = new Set([
  '.', // full stop
  '\uFF0E', // ． full-width full stop
  '\u3002', // 。 ideographic full stop
  '\uFE52', // ﹒ small full stop
]);

const APOSTROPHES: ReadonlySet<string> = new Set(["'", '\u2019']);
const HYPHEN = '-';

// U+3007 〇 is a number (Nl) to Unicode but a Han character in names and place names.
const IDEOGRAPHIC_ZERO = '\u3007';

const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const LATIN_OR_MARK = /^[\p{Script=Latin}\p{M}]$/u;
const DIGIT = /^\p{Nd}$/u;
const PRIVATE_USE = /^\p{Co}$/u;
const INVISIBLE = /^[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}]$/u;

function hex(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The message for a character that is not allowed in the field named `noun`. */
function badCharacterMessage(char: string, noun: string): string {
  if (DOT_LOOKALIKES.has(char)) return `${noun}中的间隔号请使用“·”，不能用“${char}”`;
  if (PRIVATE_USE.test(char)) {
    // Private-use code points are what old systems used for characters Unicode lacked;
    // they print as something else (or nothing) on every other machine and upstream.
    return `${noun}中含有自造字（${hex(char)}），其他系统无法识别，请用标准汉字输入`;
  }
  if (INVISIBLE.test(char)) return `${noun}中含有不可见字符（${hex(char)}），请删除后重新输入`;
  return `${noun}中不能有“${char}”`;
}

/**
 * Checks a person's name (applicant, agent, legal representative, contact). The value is the
 * name as stored: trimmed, every typed 间隔号 folded to U+00B7 (DOMAIN.md; the UI says when
 * one was replaced, see foldNameDots), otherwise exactly as typed.
 */
export function checkPersonName(input: string): ValidationResult<string> {
  const value = foldNameDots(input.trim()).value;
  if (value === '') return invalid('请输入姓名');
  const chars = Array.from(value);
  if (chars.length > PERSON_NAME_MAX) {
    return invalid(`姓名最多${PERSON_NAME_MAX}个字，当前为${chars.length}个字`);
  }

  for (let i = 0; i < chars.length; i += 1) {
    // Stryker disable next-line StringLiteral: i < chars.length, so chars[i] is always defined
    const char = chars[i] ?? '';
    if (LETTER_OR_MARK.test(char) || char === IDEOGRAPHIC_ZERO) continue;
    if (DIGIT.test(char)) return invalid('姓名中不能有数字');
    if (NAME_DOTS.has(char)) {
      if (i === 0 || i === chars.length - 1) return invalid('姓名首尾不能是间隔号');
      // Stryker disable next-line StringLiteral: a dot at the last position returned just above, so chars[i + 1] is always defined
      const next = chars[i + 1] ?? '';
      if (NAME_DOTS.has(next)) return invalid('姓名中不能有连续的间隔号');
      continue;
    }
    if (APOSTROPHES.has(char) || char === HYPHEN) {
      if (i === 0 || i === chars.length - 1) return invalid(`姓名首尾不能是“${char}”`);
      continue;
    }
    if (char === ' ') {
      // Spaces separate the words of a name written in Latin letters (JOHN SMITH); between
      // Chinese characters a space is a typing slip, and the ID card has none.
      // Stryker disable next-line StringLiteral: the value is trimmed, so a space is never first and chars[i - 1] is always defined
      const before = chars[i - 1] ?? '';
      // Stryker disable next-line StringLiteral: the value is trimmed, so a space is never last and chars[i + 1] is always defined
      const after = chars[i + 1] ?? '';
      if (LATIN_OR_MARK.test(before) && LATIN_OR_MARK.test(after)) continue;
      return invalid('姓名中只有外文名的单词之间可以有一个空格');
    }
    // Stryker disable next-line Regex: char is one code point, which either anchor alone already spans
    if (/^\s$/u.test(char)) return invalid('姓名中只有外文名的单词之间可以有一个空格');
    return invalid(badCharacterMessage(char, '姓名'));
  }
  return valid(value);
}

/**
 * Whose name a person-name field of a form holds, by role, in the words of its empty-field
 * message: a form with four name fields (applicant, agent, legal representative, contact)
 * says which one is missing.
 */
export const PERSON_NAME_ROLES = {
  applicant: '姓名',
  agent: '代办人姓名',
  legalRepresentative: '法定代表人姓名',
  contactName: '联系人姓名',
} as const;
export type PersonNameRole = keyof typeof PERSON_NAME_ROLES;

/**
 * checkPersonName for the field of `role`: the same rules and value, but an empty field is
 * asked for by its own name (请输入代办人姓名). The UI beside the field and the core's schema
 * (applicant.ts) both use it, so the message is the same wherever it is shown.
 */
export function checkPersonNameOf(role: PersonNameRole, input: string): ValidationResult<string> {
  return input.trim() === '' ? invalid(`请输入${PERSON_NAME_ROLES[role]}`) : checkPersonName(input);
}

// Punctuation found in registered names of companies and other bodies. Opening brackets
// may start a name and closing ones end it ("某某投资中心（有限合伙）", "《求是》杂志社").
const OPENING_BRACKETS: ReadonlySet<string> = new Set(['（', '(', '《']);
const CLOSING_BRACKETS: ReadonlySet<string> = new Set(['）', ')', '》']);
const ORGANISATION_PUNCTUATION: ReadonlySet<string> = new Set([
  '、',
  '-',
  '&',
  '＆',
  '.',
  ',',
  "'",
  '\u2019',
  ...NAME_DOTS,
]);

export function checkOrganisationName(input: string): ValidationResult<string> {
  const noun = '单位名称';
  // The 间隔号 of a person's name inside an organisation's (迈克尔·乔丹…) is folded the same
  // way; full stops are kept, an organisation's name may really hold one.
  const value = foldNameDots(input.trim(), { fullStops: false }).value;
  if (value === '') return invalid(`请输入${noun}`);
  const chars = Array.from(value);
  const length = codePointLength(value);
  if (length < ORGANISATION_NAME_MIN) return invalid(`${noun}至少${ORGANISATION_NAME_MIN}个字`);
  if (length > ORGANISATION_NAME_MAX) {
    return invalid(`${noun}最多${ORGANISATION_NAME_MAX}个字，当前为${length}个字`);
  }

  let depth = 0;
  for (let i = 0; i < chars.length; i += 1) {
    // Stryker disable next-line StringLiteral: i < chars.length, so chars[i] is always defined
    const char = chars[i] ?? '';
    const first = i === 0;
    const last = i === chars.length - 1;
    if (LETTER_OR_MARK.test(char) || DIGIT.test(char) || char === IDEOGRAPHIC_ZERO) continue;
    if (OPENING_BRACKETS.has(char)) {
      if (last) return invalid(`${noun}不能以“${char}”结尾`);
      depth += 1;
      continue;
    }
    if (CLOSING_BRACKETS.has(char)) {
      if (first) return invalid(`${noun}不能以“${char}”开头`);
      // Full- and half-width brackets are counted alike: names mixing them are common and
      // are kept as typed, but an unmatched bracket is a real slip.
      depth -= 1;
      if (depth < 0) return invalid(`${noun}中的括号不成对`);
      continue;
    }
    if (ORGANISATION_PUNCTUATION.has(char)) {
      if (first) return invalid(`${noun}不能以“${char}”开头`);
      // "Apple Inc.", "Co., Ltd." — a full stop may end an abbreviated Latin word.
      // Stryker disable next-line StringLiteral: the first character returned just above, so chars[i - 1] is always defined
      const previous = chars[i - 1] ?? '';
      const abbreviation = char === '.' && LATIN_OR_MARK.test(previous);
      if (last && !abbreviation) return invalid(`${noun}不能以“${char}”结尾`);
      continue;
    }
    if (char === ' ') {
      // Trimmed already, so never first or last.
      // Stryker disable next-line ArithmeticOperator: the value is trimmed, so looking back finds every run of spaces one character later with the same message and nothing checked in between
      if (chars[i + 1] === ' ') return invalid(`${noun}中不能有连续的空格`);
      continue;
    }
    // Stryker disable next-line Regex: char is one code point, which either anchor alone already spans
    if (/^\s$/u.test(char)) return invalid(`${noun}中含有特殊空白（${hex(char)}），请改为普通空格`);
    return invalid(badCharacterMessage(char, noun));
  }
  if (depth !== 0) return invalid(`${noun}中的括号不成对`);
  return valid(value);
}
