import type { PrinterProfile } from '../printer-profile';
import type { GlyphSource } from './glyph-source';
import type { ReprintMark, ThermalDocument } from './thermal-document';

/** Options of one rendering. */
export interface RenderOptions {
  /** Marks the paper 补打 (a reprint of an issued document). */
  reprint?: ReprintMark;
}

/**
 * The ESC/POS bytes of `doc` for a printer with `profile`: initialise, `FS &` Chinese mode,
 * text in the printer's character set, characters outside it as their standard equivalent or as
 * 24-dot glyphs from `glyphs`, QR by command or raster, rasters in bands, cut at the end.
 * Pure (same input, same bytes). TEMPORARY signature: owned by the text-layer helper.
 */
export function renderThermal(doc: ThermalDocument, profile: PrinterProfile, glyphs: GlyphSource, options: RenderOptions = {}): Uint8Array {
  void doc;
  void profile;
  void glyphs;
  void options;
  throw new Error('renderThermal: not written yet');
}

/** The paper's lines as text (the preview of a thermal document), at the profile's width. */
export function thermalPreviewLines(doc: ThermalDocument, profile: PrinterProfile, options: RenderOptions = {}): string[] {
  void doc;
  void profile;
  void options;
  throw new Error('thermalPreviewLines: not written yet');
}
