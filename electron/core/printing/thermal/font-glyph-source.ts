import fs from 'node:fs';
import path from 'node:path';
// The default import: opentype.js is CommonJS, and Node's ESM loader (tsx, the bench) offers only
// its default export, while the bundler and vitest offer both.
import opentype, { type Font } from 'opentype.js';
import type { Bitmap, GlyphSource } from './glyph-source';
import { rasteriseOutline, type OutlineCommand } from './glyph-raster';

/**
 * The app's fonts for rare characters (resources/fonts/README.md) and the code points each is
 * asked for, in order. A font is parsed only for a character in its ranges, so an Ext. A name
 * never loads the 30 MB HanaMinB.
 */
export const RARE_CHARACTER_FONTS: ReadonlyArray<{ file: string; ranges: ReadonlyArray<readonly [number, number]> }> = [
  // Ext. A; CJK Compatibility Ideographs Supplement.
  { file: 'CounterHanExtA.ttf', ranges: [[0x3400, 0x4dbf], [0x2f800, 0x2fa1f]] },
  // Plane 2: Ext. B, C, D, E, F.
  { file: 'HanaMinB.ttf', ranges: [[0x20000, 0x2ebef]] },
  // Plane 3: Ext. G, H.
  { file: 'BabelStoneHan-ExtGH.ttf', ranges: [[0x30000, 0x323af]] },
];

/**
 * Where the ideographic em box's bottom sits below the baseline, as a share of the em: the
 * convention of CJK fonts (ideographic em box from −0.12 em to 0.88 em; HanaMin follows it).
 */
const IDEOGRAPHIC_DESCENT = 0.12;

/** A glyph source that also says which font files it could not read (shown by a test page, logged by jobs). */
export interface FontGlyphSource extends GlyphSource {
  /** Font files that failed to load, with the reason; their characters print as `[U+…]`. */
  unreadableFonts(): ReadonlyArray<{ file: string; reason: string }>;
}

/**
 * A `GlyphSource` drawing from the fonts in `fontsDir` (the app's `resources/fonts/`), with
 * opentype.js: each font read and parsed on first need (lowMemory: glyphs decoded on demand),
 * then kept; each drawn glyph kept by character and size. The em box is scaled to `size`
 * dots, the glyph centred on its advance. A missing or broken font file is not an error here:
 * its characters have no glyph (the renderer prints `[U+…]`), and `unreadableFonts` says why.
 */
export function createFontGlyphSource(fontsDir: string): FontGlyphSource {
  const fonts = new Map<string, Font | null>();
  const unreadable: Array<{ file: string; reason: string }> = [];
  const drawn = new Map<string, Bitmap | null>();

  const fontFile = (file: string): Font | null => {
    if (fonts.has(file)) return fonts.get(file) ?? null;
    let font: Font | null = null;
    try {
      const bytes = fs.readFileSync(path.join(fontsDir, file));
      font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), { lowMemory: true });
    } catch (error) {
      unreadable.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
    fonts.set(file, font);
    return font;
  };

  const draw = (char: string, size: number): Bitmap | null => {
    const code = char.codePointAt(0) ?? 0;
    for (const candidate of RARE_CHARACTER_FONTS) {
      if (!candidate.ranges.some(([from, to]) => code >= from && code <= to)) continue;
      const font = fontFile(candidate.file);
      if (!font) continue;
      const glyph = font.charToGlyph(char);
      if (!glyph || glyph.index === 0) continue;
      const scale = size / font.unitsPerEm;
      const advance = (glyph.advanceWidth ?? font.unitsPerEm) * scale;
      const outline = glyph.getPath((size - advance) / 2, size * (1 - IDEOGRAPHIC_DESCENT), size);
      return rasteriseOutline(outline.commands as OutlineCommand[], size);
    }
    return null;
  };

  return {
    glyph(char, size) {
      if ([...char].length !== 1) return null;
      const key = `${size}:${char}`;
      if (!drawn.has(key)) drawn.set(key, draw(char, size));
      return drawn.get(key) ?? null;
    },
    unreadableFonts: () => [...unreadable],
  };
}
