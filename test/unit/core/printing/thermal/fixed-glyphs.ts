import type { Bitmap, GlyphSource } from '../../../../../electron/core/printing/thermal/glyph-source';

/**
 * A glyph source for tests that needs no fonts: every character gets a distinct, fixed
 * picture (a frame plus the code point's bits down the middle), except the characters in
 * `missing` (default: Ext. I U+2EBF0, which no shipped font draws). Records what was asked.
 */
export function fixedGlyphs(missing: readonly string[] = ['\u{2EBF0}']): GlyphSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    glyph(char: string, size: number): Bitmap | null {
      asked.push(char);
      if (missing.includes(char)) return null;
      const code = char.codePointAt(0) ?? 0;
      const dots = new Uint8Array(size * size);
      for (let i = 0; i < size; i += 1) {
        dots[i] = 1;
        dots[(size - 1) * size + i] = 1;
        dots[i * size] = 1;
        dots[i * size + size - 1] = 1;
      }
      for (let bit = 0; bit < Math.min(20, size - 4); bit += 1) {
        if ((code >> bit) & 1) dots[(bit + 2) * size + (size >> 1)] = 1;
      }
      return { width: size, height: size, dots };
    },
  };
}
