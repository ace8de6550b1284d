/**
 * The middle dot (间隔号) between the parts of minority and foreign names.
 *
 * One form is stored: U+00B7, the 间隔号 of GB 18030 (0xA1A4) and of the resident ID card, as
 * 民委发〔2016〕33号 (统一姓名采集应用规范) and JR/T 0253-2022 §6.1.4 require. People type it in
 * many ways, so each of those is folded to U+00B7 when a name is entered and when a name is
 * searched for; a person typed with one dot is the same person typed with another.
 *
 * Which characters, and why:
 * - U+30FB ・ katakana middle dot: what GB 2312 0xA1A4 maps to in the early unicode.org table
 *   and some Big5 tables, so converted data and some IMEs produce it;
 * - U+2027 ‧ hyphenation point: Big5 0xA145, the 音界号 of Taiwan;
 * - U+FF65 ･ half-width katakana middle dot, U+0387 · Greek ano teleia (canonically the same as
 *   U+00B7; NFC turns it into U+00B7), U+2E31 ⸱ word separator middle dot, U+A78F ꞏ Latin letter
 *   sinological dot: other code points for the very same dot;
 * - U+2022 • bullet, U+2219 ∙ bullet operator, U+22C5 ⋅ dot operator, U+2E33 ⸳ raised dot,
 *   U+16EB ᛫ runic single punctuation: picked from symbol palettes, Word and Alt codes;
 * - full stops (. U+002E, ． U+FF0E, 。 U+3002, ﹒ U+FE52) only between two Han characters:
 *   there they can only be a dot typed the quick way (U+FF0E is drawn centred in Taiwan's
 *   fonts and mistaken for the 间隔号); beside Latin letters `.` is an abbreviation (JOHN F.
 *   KENNEDY), which the name rules refuse with their own message.
 */

/** The one stored middle dot, U+00B7. */
export const NAME_DOT = '\u00B7';

// Always a name dot wherever they appear (first and last are refused later by the name rules).
const DOTS: ReadonlySet<string> = new Set([
  '\u30FB',
  '\u2027',
  '\uFF65',
  '\u0387',
  '\u2E31',
  '\uA78F',
  '\u2022',
  '\u2219',
  '\u22C5',
  '\u2E33',
  '\u16EB',
]);

// A name dot only between two Han characters.
const FULL_STOPS: ReadonlySet<string> = new Set(['.', '\uFF0E', '\u3002', '\uFE52']);

/** Every character foldNameDots may replace (some only between Han characters). */
export const NAME_DOT_VARIANTS: readonly string[] = [...DOTS, ...FULL_STOPS];

// 〇 counts as Han here as it does in the name rules.
const HAN = /^[\p{Script=Han}\u3007]$/u;

/** What was replaced: each distinct character typed in place of U+00B7, in order of appearance. */
export interface FoldedName {
  value: string;
  replaced: string[];
}

/**
 * Folds every way of typing the 间隔号 in `input` to U+00B7 (see the module comment for which
 * characters and why). Everything else is returned exactly as given: no trimming, no Unicode
 * normalisation (a name is stored as on the card). Never throws.
 *
 * `fullStops: false` leaves full stops alone: an organisation's registered name may carry a
 * real full stop (Co., Ltd.), and it is stored as registered.
 */
export function foldNameDots(input: string, options: { fullStops?: boolean } = {}): FoldedName {
  const fullStops = options.fullStops ?? true;
  const chars = Array.from(input);
  const replaced: string[] = [];
  // Stryker disable next-line BooleanLiteral: joining Array.from(input) gives input back unchanged (lone surrogates too), so always joining is the same value
  let changed = false;
  // Stryker disable next-line EqualityOperator: one more step reads chars[chars.length] as '', which is no dot, and changes nothing
  for (let i = 0; i < chars.length; i += 1) {
    // Stryker disable next-line StringLiteral: i < chars.length, so chars[i] is always defined
    const char = chars[i] ?? '';
    // Stryker disable next-line StringLiteral: HAN matches exactly one Han character, so any other stand-in for a missing neighbour fails it as '' does
    const isDot = DOTS.has(char) || (fullStops && FULL_STOPS.has(char) && HAN.test(chars[i - 1] ?? '') && HAN.test(chars[i + 1] ?? ''));
    if (!isDot) continue;
    chars[i] = NAME_DOT;
    changed = true;
    if (!replaced.includes(char)) replaced.push(char);
  }
  return { value: changed ? chars.join('') : input, replaced };
}

/**
 * The name as the case list compares it: dots folded as above, so search text and stored names
 * written with different dots meet. Used for search keys only, never for a stored name.
 */
export function nameSearchKey(name: string): string {
  return foldNameDots(name.trim()).value;
}

/**
 * The parts of a name after each middle dot (`阿卜杜·热合曼·艾尼` → `热合曼·艾尼`, `艾尼`):
 * a search for the start of any part finds the name. The whole name is not among them; it is
 * searched as it is. Empty parts (a dot at the end) are left out.
 */
export function nameTails(name: string): string[] {
  const key = nameSearchKey(name);
  const tails: string[] = [];
  let at = key.indexOf(NAME_DOT);
  while (at !== -1) {
    const tail = key.slice(at + 1);
    if (tail !== '' && !tail.startsWith(NAME_DOT)) tails.push(tail);
    at = key.indexOf(NAME_DOT, at + 1);
  }
  return tails;
}
