/**
 * A 1-bit image, row-major, `width × height` dots, one byte per dot (1 = black). Kept simple for
 * tests; the ESC/POS encoder packs it.
 */
export interface Bitmap {
  width: number;
  height: number;
  dots: Uint8Array;
}

/**
 * Where raster glyphs come from for characters the printer's font lacks: the fonts the app ships
 * (`resources/fonts/`, README there) through `createFontGlyphSource` (font-glyph-source.ts);
 * tests pass fixed pictures.
 */
export interface GlyphSource {
  /**
   * The character drawn in a `size × size` box (24 dots: one CJK cell of Font A), or null when
   * no shipped font has it.
   */
  glyph(char: string, size: number): Bitmap | null;
}
