import path from 'node:path';
import type { GlyphSource } from '../thermal/glyph-source';
import { createFontGlyphSource } from '../thermal/font-glyph-source';

/**
 * One rare character per range the app's fonts carry (resources/fonts/README.md): Ext. A 䶮
 * (U+4DAE), Ext. B 𠮷 (U+20BB7), Ext. G 𰻞 (U+30EDE). The 测试打印 page prints them, so the clerk
 * sees the raster-glyph path work on that printer.
 */
export const TEST_PAGE_RARE_CHARACTERS: readonly string[] = ['䶮', '𠮷', '𰻞'];

/**
 * The raster glyphs the printers get for characters their font lacks, drawn from the app's own
 * fonts (`<resourcesDir>/fonts/`, parsed on first need), and the test page's rare characters.
 */
export function printingGlyphs(resourcesDir: string): { glyphs: GlyphSource; rareCharacters: readonly string[] } {
  return { glyphs: createFontGlyphSource(path.join(resourcesDir, 'fonts')), rareCharacters: TEST_PAGE_RARE_CHARACTERS };
}
