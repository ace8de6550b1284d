import { encodeInPrinterFont, type PrinterEncoding } from './printer-charset';

/**
 * Ranges whose characters Unicode itself declares to be another character: a CJK
 * Compatibility Ideograph (U+F900–FAFF, U+2F800–2FA1F) has a canonical (NFC) decomposition to
 * the unified ideograph it duplicates (U+F900 豈 → U+8C48 豈), and a Kangxi / CJK radical
 * (U+2E80–2FDF) has a compatibility (NFKC) one to the ideograph of the same shape. Nothing else
 * is mapped: printing a different-looking or different-meaning character in a citizen's name
 * is worse than printing its picture.
 */
const IDEOGRAPH_EQUIVALENTS: ReadonlyArray<{ from: number; to: number; form: 'NFC' | 'NFKC' }> = [
  { from: 0xf900, to: 0xfaff, form: 'NFC' },
  { from: 0x2f800, to: 0x2fa1f, form: 'NFC' },
  { from: 0x2e80, to: 0x2fdf, form: 'NFKC' },
];

/**
 * The standard equivalent of `char` that the printer's font does carry, or null.
 *
 * Besides the ideograph ranges above, a space other than U+0020 (U+00A0, U+3000 …; NFKC says
 * they are spaces) prints as spaces of the same width.
 */
export function standardEquivalent(char: string, encoding: PrinterEncoding): string | null {
  const code = char.codePointAt(0) ?? 0;
  if (/^\p{Zs}$/u.test(char)) {
    // U+3000 is in GBK already; the others are one column wide where they are drawn at all.
    return ' ';
  }
  for (const range of IDEOGRAPH_EQUIVALENTS) {
    if (code < range.from || code > range.to) continue;
    const equivalent = char.normalize(range.form);
    if (equivalent === char || [...equivalent].length !== 1) return null;
    return encodeInPrinterFont(equivalent, encoding) ? equivalent : null;
  }
  return null;
}
