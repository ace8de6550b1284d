import type { Bitmap } from './glyph-source';
import { encodeInPrinterFont, type PrinterEncoding } from './printer-charset';
import { standardEquivalent } from './standard-equivalent';

/**
 * One indivisible piece of a printed line, with its width in columns of Font A (12 dots).
 *
 * - `font`: bytes the printer draws from its resident font in `FS &` Chinese mode — ASCII one
 *   column per byte, a 2-byte GBK/GB18030 character two columns. A character printed as its
 *   standard equivalent (`standard-equivalent.ts`) is a font unit whose `text` is the character
 *   as stored and whose `bytes` are the equivalent's. A marker such as `[U+2EBF0]` (a character
 *   no font has) is one font unit too, so wrapping never cuts it.
 * - `glyph`: a character the font lacks, printed as a 24×24 picture inline (`ESC *`): two
 *   columns. `bitmap` is null only when laid out without a glyph source (a preview), where the
 *   picture is assumed to exist.
 *
 * `text` is what a preview shows for the unit (the character as stored, or the marker).
 */
export type PrintUnit =
  | { kind: 'font'; text: string; bytes: Uint8Array; columns: number }
  | { kind: 'glyph'; text: string; bitmap: Bitmap | null; columns: 2 };

/**
 * How a character the font lacks is drawn: its 24×24 glyph, or null when no shipped font has
 * it. `undefined` in place of a lookup means "assume every such character can be drawn" (the
 * preview, which has no fonts at hand).
 */
export type GlyphLookup = (char: string) => Bitmap | null;

const VARIATION_SELECTOR = /^[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
/** A base character with the combining marks after it (a user-perceived character, roughly). */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;
const SPACE: PrintUnit = { kind: 'font', text: ' ', bytes: Uint8Array.of(0x20), columns: 1 };

/** The visible stand-in for a character nothing can draw: `[U+2EBF0]` (ASCII, so any printer prints it). */
export function missingCharMarker(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
}

function markerUnit(char: string): PrintUnit {
  const marker = missingCharMarker(char);
  return { kind: 'font', text: marker, bytes: Uint8Array.from(marker, (c) => c.charCodeAt(0)), columns: marker.length };
}

function unitOfChar(char: string, shown: string, encoding: PrinterEncoding, lookup: GlyphLookup | undefined): PrintUnit {
  if (char === '\t' || char === '\n' || char === '\r') return SPACE;
  const bytes = encodeInPrinterFont(char, encoding);
  if (bytes) return { kind: 'font', text: shown, bytes, columns: bytes.length };
  const equivalent = standardEquivalent(char, encoding);
  if (equivalent !== null) {
    const equivalentBytes = encodeInPrinterFont(equivalent, encoding) ?? Uint8Array.of(0x20);
    return { kind: 'font', text: shown, bytes: equivalentBytes, columns: equivalentBytes.length };
  }
  if (lookup === undefined) return { kind: 'glyph', text: shown, bitmap: null, columns: 2 };
  const bitmap = lookup(char);
  return bitmap ? { kind: 'glyph', text: shown, bitmap, columns: 2 } : markerUnit(char);
}

/**
 * `text` as print units for a printer whose font is `encoding`. Every character comes out:
 * in the font, as its standard equivalent, as a glyph picture, or as a `[U+…]` marker.
 *
 * A base letter with combining marks is first composed (NFC: `e` + U+0301 → `é`, in GBK).
 * Variation selectors (U+FE00–FE0F, IVS U+E0100–E01EF) choose a glyph variant, not a
 * character: the base character is printed and the selector kept only in the preview text,
 * since neither the printer's font nor our 24-dot glyphs can show the variant.
 */
export function printUnits(text: string, encoding: PrinterEncoding, lookup?: GlyphLookup): PrintUnit[] {
  const units: PrintUnit[] = [];
  for (const cluster of text.match(CLUSTER) ?? []) {
    const chars = [...cluster];
    const selectors = chars.filter((c) => VARIATION_SELECTOR.test(c)).join('');
    const rest = chars.filter((c) => !VARIATION_SELECTOR.test(c));
    const [base] = rest;
    if (base === undefined) continue;
    if (rest.length === 1) {
      units.push(unitOfChar(base, base + selectors, encoding, lookup));
      continue;
    }
    const composed = rest.join('').normalize('NFC');
    const composedBytes = [...composed].length === 1 ? encodeInPrinterFont(composed, encoding) : null;
    if (composedBytes) {
      units.push({ kind: 'font', text: rest.join('') + selectors, bytes: composedBytes, columns: composedBytes.length });
      continue;
    }
    for (const char of rest) units.push(unitOfChar(char, char, encoding, lookup));
  }
  return units;
}

/** Columns taken by `units` (before any `GS !` magnification). */
export function unitColumns(units: readonly PrintUnit[]): number {
  let columns = 0;
  for (const unit of units) columns += unit.columns;
  return columns;
}

/** The preview text of `units`. */
export function unitText(units: readonly PrintUnit[]): string {
  return units.map((unit) => unit.text).join('');
}

/** `count` spaces as units (padding). */
export function spaceUnits(count: number): PrintUnit[] {
  return Array.from({ length: Math.max(0, count) }, () => SPACE);
}

/** Whether `unit` is a plain space (where a line may break). */
export function isSpace(unit: PrintUnit): boolean {
  return unit.kind === 'font' && unit.text === ' ';
}

/**
 * The width of `text` on paper, in columns of Font A, by the rule the renderer uses: ASCII 1,
 * a 2-byte character of the printer's font 2, a raster glyph 2, a `[U+…]` marker its length.
 * Without `lookup`, every character outside the font is assumed to have a glyph (2 columns).
 * For tests and previews: a line of `thermalPreviewLines` never exceeds the paper's columns.
 */
export function displayColumns(text: string, encoding: PrinterEncoding, lookup?: GlyphLookup): number {
  return unitColumns(printUnits(text, encoding, lookup));
}
