import type { PrinterProfile } from '../printer-profile';
import {
  ALIGN,
  BOLD,
  CHINESE_MODE_ON,
  FEED_AND_PARTIAL_CUT,
  GLYPH_DOTS,
  INITIALISE,
  LINE_FEED,
  SIZE,
  inlineGlyph,
  nativeQr,
  rasterBands,
} from './escpos-commands';
import type { GlyphSource } from './glyph-source';
import { layoutThermal, type LayoutLine, type LineAlign } from './layout';
import { printUnits, unitColumns, unitText, type GlyphLookup } from './print-units';
import { qrBitmap } from './qr-raster';
import type { ReprintMark, ThermalDocument } from './thermal-document';
import { wrapUnits } from './wrap';

/** Options of one rendering. */
export interface RenderOptions {
  /** Marks the paper 补打 (a reprint of an issued document): a bold centred `【补打】 <at>` line on top. */
  reprint?: ReprintMark;
}

/** Options of a preview: as `RenderOptions`, plus the glyph source when at hand (see `thermalPreviewLines`). */
export interface PreviewOptions extends RenderOptions {
  glyphs?: GlyphSource;
}

function lookupOf(glyphs: GlyphSource): GlyphLookup {
  return (char) => {
    const bitmap = glyphs.glyph(char, GLYPH_DOTS);
    // The layout counts a glyph as two columns: anything but 24×24 would break the line widths.
    if (bitmap && (bitmap.width !== GLYPH_DOTS || bitmap.height !== GLYPH_DOTS || bitmap.dots.length !== GLYPH_DOTS * GLYPH_DOTS)) {
      throw new Error(`GlyphSource gave a ${bitmap.width}×${bitmap.height} picture for U+${(char.codePointAt(0) ?? 0).toString(16)}; 24×24 expected`);
    }
    return bitmap;
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * The ESC/POS bytes of `doc` for a printer with `profile` (each command: escpos-commands.ts; a
 * whole receipt: the golden fixture in test/unit/core/printing/thermal/):
 * `ESC @`, `FS &` Chinese mode, the 补打 line when `options.reprint`, each line with
 * `ESC a` / `ESC E` / `GS !` where they change, text in the printer's character set
 * (`profile.encoding`), characters outside it as their standard equivalent or as 24-dot `ESC *`
 * glyphs from `glyphs` (or `[U+…]` when no shipped font has them), QR codes by `GS ( k` or as
 * `GS v 0` raster bands of ≤ 24 rows (`profile.qrMode`), then feed and partial cut.
 *
 * Pure apart from what `glyphs` reads (same input, same bytes). Throws an Error when a QR payload
 * is not printable ASCII or too long for the paper.
 */
export function renderThermal(doc: ThermalDocument, profile: PrinterProfile, glyphs: GlyphSource, options: RenderOptions = {}): Uint8Array {
  const lines = layoutThermal(doc, profile, { reprint: options.reprint, lookup: lookupOf(glyphs) });
  const chunks: Uint8Array[] = [INITIALISE, CHINESE_MODE_ON];
  const state: { align: LineAlign; bold: boolean; size: 1 | 2 } = { align: 'left', bold: false, size: 1 };
  const setAlign = (align: LineAlign): void => {
    if (state.align !== align) chunks.push(ALIGN[align]);
    state.align = align;
  };
  for (const line of lines) {
    if (line.kind === 'qr') {
      setAlign('center');
      if (profile.qrMode === 'native') chunks.push(nativeQr(line.payload, line.moduleDots), LINE_FEED);
      else chunks.push(...rasterBands(qrBitmap(line.payload, line.moduleDots, profile.dotsPerLine)));
      continue;
    }
    setAlign(line.align);
    if (state.bold !== line.bold) chunks.push(line.bold ? BOLD.on : BOLD.off);
    if (state.size !== line.size) chunks.push(SIZE[line.size]);
    state.bold = line.bold;
    state.size = line.size;
    for (const unit of line.units) {
      if (unit.kind === 'font') chunks.push(unit.bytes);
      else if (unit.bitmap) chunks.push(inlineGlyph(unit.bitmap, line.size));
      else throw new Error('renderThermal: a glyph without its picture (laid out without a glyph source)');
    }
    chunks.push(LINE_FEED);
  }
  chunks.push(FEED_AND_PARTIAL_CUT);
  return concat(chunks);
}

/**
 * The paper's lines with their emphasis, for a preview that shows size 2 (`GS !` double width and
 * height) and bold (`ESC E`) as the printer does: the same layout as `renderThermal`, text
 * unpadded (the alignment is given), a QR code as `[二维码] payload` lines. A size-2 line's
 * text takes twice its columns on paper.
 */
export function thermalPreviewPaper(doc: ThermalDocument, profile: PrinterProfile, options: PreviewOptions = {}): PaperLine[] {
  const lookup = options.glyphs ? lookupOf(options.glyphs) : undefined;
  return layoutThermal(doc, profile, { reprint: options.reprint, lookup }).flatMap((line): PaperLine[] =>
    line.kind === 'qr'
      ? previewLine(line, profile).map((text) => ({ text, align: 'left', bold: false, size: 1 }))
      : [{ text: unitText(line.units), align: line.align, bold: line.bold, size: line.size }],
  );
}

/** One line of thermalPreviewPaper (contract PaperLineSchema). */
export interface PaperLine {
  text: string;
  align: 'left' | 'center' | 'right';
  bold: boolean;
  size: 1 | 2;
}

function previewLine(line: LayoutLine, profile: PrinterProfile): string[] {
  if (line.kind === 'qr') {
    return wrapUnits(printUnits(`[二维码] ${line.payload}`, profile.encoding), profile.columns).map(unitText);
  }
  // A size-2 line is shown at single width (plain text has one size), padded so that it looks
  // centred or right-aligned in the preview, as it does on paper.
  const free = Math.max(0, profile.columns - unitColumns(line.units));
  const pad = line.align === 'center' ? Math.floor(free / 2) : line.align === 'right' ? free : 0;
  return [' '.repeat(pad) + unitText(line.units)];
}

/**
 * The paper's lines as text (the preview of a thermal document and the tests' view of it): the
 * same layout as `renderThermal`, with rare characters as themselves, a QR code as
 * `[二维码] payload`, centred and right-aligned lines padded with spaces. Each line fits
 * `profile.columns` by `displayColumns`. With `options.glyphs`, a character no shipped font has
 * shows as its `[U+…]` marker, as on paper; without, every character outside the font is
 * assumed drawable (two columns).
 */
export function thermalPreviewLines(doc: ThermalDocument, profile: PrinterProfile, options: PreviewOptions = {}): string[] {
  const lookup = options.glyphs ? lookupOf(options.glyphs) : undefined;
  return layoutThermal(doc, profile, { reprint: options.reprint, lookup }).flatMap((line) => previewLine(line, profile));
}
