import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { inlineGlyph } from '../../../../../electron/core/printing/thermal/escpos-commands';
import { createFontGlyphSource } from '../../../../../electron/core/printing/thermal/font-glyph-source';
import type { Bitmap } from '../../../../../electron/core/printing/thermal/glyph-source';
import { renderThermal } from '../../../../../electron/core/printing/thermal/render-thermal';
import { makeTempDir } from '../../../../support/temp-dirs';

const FONTS = path.resolve('resources/fonts');
const ARTIFACTS = path.resolve('test/artifacts');

/** Glyphs side by side, each dot 8×8 pixels on a faint grid, for a person to look at. */
function writeSheet(file: string, glyphs: Bitmap[]): void {
  const scale = 8;
  const cell = 28;
  const png = new PNG({ width: glyphs.length * cell * scale, height: cell * scale });
  png.data.fill(255);
  glyphs.forEach((glyph, n) => {
    for (let y = 0; y < glyph.height; y += 1) {
      for (let x = 0; x < glyph.width; x += 1) {
        for (let dy = 0; dy < scale; dy += 1) {
          for (let dx = 0; dx < scale; dx += 1) {
            const px = (n * cell + 2 + x) * scale + dx;
            const py = (2 + y) * scale + dy;
            const v = glyph.dots[y * glyph.width + x] ? 0 : dx === 0 || dy === 0 ? 225 : 255;
            png.data.fill(v, (py * png.width + px) * 4, (py * png.width + px) * 4 + 3);
          }
        }
      }
    }
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(png));
}

/** Rows and columns with ink. */
function inkBox(glyph: Bitmap): { top: number; bottom: number; left: number; right: number; ink: number } {
  let [top, bottom, left, right, ink] = [glyph.height, -1, glyph.width, -1, 0];
  for (let y = 0; y < glyph.height; y += 1) {
    for (let x = 0; x < glyph.width; x += 1) {
      if (!glyph.dots[y * glyph.width + x]) continue;
      ink += 1;
      [top, bottom, left, right] = [Math.min(top, y), Math.max(bottom, y), Math.min(left, x), Math.max(right, x)];
    }
  }
  return { top, bottom, left, right, ink };
}

describe('glyphs from the app’s rare-character fonts', () => {
  const source = createFontGlyphSource(FONTS);

  it('draws 𠮷 (Ext. B) as 土 over 口: a wide stroke under the short top one, a closed box below', () => {
    const glyph = source.glyph('𠮷', 24) as Bitmap;
    expect(glyph).not.toBeNull();
    expect([glyph.width, glyph.height]).toEqual([24, 24]);
    const box = inkBox(glyph);
    // Fills the cell like a CJK character of the printer's own font: most of 24 dots each way.
    expect(box.bottom - box.top).toBeGreaterThanOrEqual(18);
    expect(box.right - box.left).toBeGreaterThanOrEqual(18);
    expect(box.ink / (24 * 24)).toBeGreaterThan(0.12);
    expect(box.ink / (24 * 24)).toBeLessThan(0.45);
    const rowInk = Array.from({ length: 24 }, (_, y) => glyph.dots.subarray(y * 24, y * 24 + 24).reduce((a, b) => a + b, 0));
    const longRows = rowInk.flatMap((ink, y) => (ink >= 18 ? [y] : []));
    // The long bottom stroke of 土 lies in the upper half, the bottom of 口 in the lower.
    expect(longRows.some((y) => y < 12)).toBe(true);
    expect(rowInk.slice(14).some((ink) => ink >= 10)).toBe(true);
  });

  it('draws 𡒄, an Ext. A character, a compatibility ideograph and an Ext. G character, and writes them to look at', () => {
    const chars = ['𠮷', '𡒄', '㐂', '\u{2F80D}', '\u{30000}'];
    const glyphs = chars.map((c) => source.glyph(c, 24));
    for (const glyph of glyphs) expect(glyph && inkBox(glyph).ink).toBeGreaterThan(30);
    writeSheet(path.join(ARTIFACTS, 'thermal-rare-glyphs.png'), glyphs as Bitmap[]);
  });

  it('has no glyph for a character no shipped font draws (Ext. I) nor for ordinary text', () => {
    expect(source.glyph('\u{2EBF0}', 24)).toBeNull();
    expect(source.glyph('A', 24)).toBeNull();
    expect(source.glyph('😀', 24)).toBeNull();
  });

  it('gives the same picture again from its cache', () => {
    expect(source.glyph('𠮷', 24)).toBe(source.glyph('𠮷', 24));
  });

  it('reads a font only when one of its characters is asked for, and says which font it could not read', () => {
    const dir = makeTempDir('thermal-fonts');
    fs.symlinkSync(path.join(FONTS, 'CounterHanExtA.ttf'), path.join(dir, 'CounterHanExtA.ttf'));
    const partial = createFontGlyphSource(dir);
    expect(partial.glyph('㐂', 24)).not.toBeNull();
    expect(partial.unreadableFonts()).toEqual([]);
    expect(partial.glyph('𠮷', 24)).toBeNull();
    expect(partial.unreadableFonts().map((f) => f.file)).toEqual(['HanaMinB.ttf']);
  });
});

describe('a receipt line with a rare name, drawn from the fonts', () => {
  it('puts the font’s 𠮷 inline with ESC * 33 on a gbk printer', () => {
    const source = createFontGlyphSource(FONTS);
    const bytes = renderThermal(
      { kind: 'acceptanceReceipt', title: 'x', blocks: [{ kind: 'field', label: '申请人', value: '张𠮷' }] },
      { columns: 32, dotsPerLine: 384, encoding: 'gbk', qrMode: 'native' },
      source,
    );
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain(Buffer.from(inlineGlyph(source.glyph('𠮷', 24) as Bitmap, 1)).toString('hex') + '0a');
  });
});
