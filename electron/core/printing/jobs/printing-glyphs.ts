import type { GlyphSource } from '../thermal/glyph-source';

/**
 * The raster glyphs the printers get for characters their font lacks, from the app's own fonts
 * (`<resourcesDir>/fonts/`), and the rare characters the 测试打印 page shows (one per font range).
 * TEMPORARY wiring until the text-layer helper's font glyph source lands: no glyphs (the
 * renderer then prints `[U+XXXX]`, never garbage).
 */
export function printingGlyphs(resourcesDir: string): { glyphs: GlyphSource; rareCharacters: readonly string[] } {
  void resourcesDir;
  return { glyphs: { glyph: () => null }, rareCharacters: ['𠮷', '䶮', '𡒄'] };
}
