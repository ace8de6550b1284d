import iconv from 'iconv-lite';
import jsQR from 'jsqr';
import { ThermalPrinter, PrinterTypes } from 'node-thermal-printer';
import { PNG } from 'pngjs';
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { printerProfile } from '../../../../../electron/core/printing/printer-profile';
import { inlineGlyph, rasterBands } from '../../../../../electron/core/printing/thermal/escpos-commands';
import type { Bitmap } from '../../../../../electron/core/printing/thermal/glyph-source';
import { qrBitmap, qrMatrix, qrSymbolSize } from '../../../../../electron/core/printing/thermal/qr-raster';
import { renderThermal } from '../../../../../electron/core/printing/thermal/render-thermal';
import type { ThermalBlock, ThermalDocument } from '../../../../../electron/core/printing/thermal/thermal-document';
import { escposTokens } from './escpos-tokens';
import { fixedGlyphs } from './fixed-glyphs';

const NARROW_GBK = printerProfile({ paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' });
const NARROW_GB18030 = printerProfile({ paperWidthMm: 58, encoding: 'gb18030', qrMode: 'native' });
const WIDE_RASTER = printerProfile({ paperWidthMm: 80, encoding: 'gbk', qrMode: 'raster' });

function doc(...blocks: ThermalBlock[]): ThermalDocument {
  return { kind: 'testPage', title: '测试页', blocks };
}
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const gbk = (text: string): string => iconv.encode(text, 'gbk').toString('hex');

/** The ESC * bytes of a 24×24 bitmap, computed the other way round (bit by bit of each column byte). */
function expectedEscStar(bitmap: Bitmap, m: number): string {
  const data: number[] = [];
  for (let x = 0; x < 24; x += 1) {
    for (let k = 0; k < 3; k += 1) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit += 1) byte = byte * 2 + (bitmap.dots[(k * 8 + bit) * 24 + x] ? 1 : 0);
      data.push(byte);
    }
  }
  return hex(Uint8Array.of(0x1b, 0x2a, m, 24, 0, ...data));
}

/** GS v 0 bands joined back into one bitmap (checks each header on the way). */
function joinBands(bytes: Uint8Array): Bitmap & { bandHeights: number[] } {
  const bandHeights: number[] = [];
  const rows: Uint8Array[] = [];
  let width = 0;
  let i = bytes.indexOf(0x1d);
  while (i >= 0 && i < bytes.length) {
    if (bytes[i] !== 0x1d || bytes[i + 1] !== 0x76 || bytes[i + 2] !== 0x30) break;
    const rowBytes = (bytes[i + 4] ?? 0) + (bytes[i + 5] ?? 0) * 256;
    const height = (bytes[i + 6] ?? 0) + (bytes[i + 7] ?? 0) * 256;
    width = rowBytes * 8;
    bandHeights.push(height);
    for (let y = 0; y < height; y += 1) {
      const row = new Uint8Array(width);
      for (let x = 0; x < width; x += 1) row[x] = ((bytes[i + 8 + y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      rows.push(row);
    }
    i += 8 + rowBytes * height;
  }
  const dots = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => dots.set(row, y * width));
  return { width, height: rows.length, dots, bandHeights };
}

function toRgba(bitmap: Bitmap, scale = 1): { data: Uint8ClampedArray; width: number; height: number } {
  const width = bitmap.width * scale;
  const height = bitmap.height * scale;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const v = bitmap.dots[Math.floor(y / scale) * bitmap.width + Math.floor(x / scale)] ? 0 : 255;
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

describe('document frame', () => {
  it('starts with ESC @ and FS & (Chinese mode) and ends with feed and a partial cut', () => {
    const bytes = renderThermal(doc({ kind: 'text', text: '受理' }), NARROW_GBK, fixedGlyphs());
    expect(hex(bytes.subarray(0, 4))).toBe('1b401c26');
    expect(hex(bytes.subarray(4))).toBe(`${gbk('受理')}0a1b64041d56011b40`);
  });

  it('puts the 补打 line, bold and centred, on top', () => {
    const bytes = renderThermal(doc({ kind: 'text', text: 'A' }), NARROW_GBK, fixedGlyphs(), { reprint: { at: '2026-11-30 14:05' } });
    expect(escposTokens(bytes).slice(0, 8)).toEqual(['ESC @', 'FS &', 'ESC a 1', 'ESC E 1', 'text "【补打】 2026-11-30 14:05"', 'LF', 'ESC a 0', 'ESC E 0']);
  });
});

describe('characters outside the printer font', () => {
  it('prints 𠮷 and 𡒄 on a gbk printer as inline ESC * 33 glyphs between the GBK bytes of the line', () => {
    const glyphs = fixedGlyphs();
    const bytes = renderThermal(doc({ kind: 'text', text: '张𠮷𡒄三' }), NARROW_GBK, glyphs);
    const ji = glyphs.glyph('𠮷', 24) as Bitmap;
    const dou = glyphs.glyph('𡒄', 24) as Bitmap;
    expect(hex(bytes)).toBe(`1b401c26${gbk('张')}${expectedEscStar(ji, 33)}${expectedEscStar(dou, 33)}${gbk('三')}0a1b64041d56011b40`);
  });

  it('never sends a 4-byte GB18030 sequence, even to a gb18030 printer', () => {
    const bytes = renderThermal(doc({ kind: 'text', text: '𠮷' }), NARROW_GB18030, fixedGlyphs());
    expect(hex(bytes)).not.toContain('9534b235');
    expect(escposTokens(bytes).some((t) => t.startsWith('ESC * m=33 columns=24'))).toBe(true);
  });

  it('prints an Ext. A character as a glyph on both printers, and € in the font only where the font has it', () => {
    for (const profile of [NARROW_GBK, NARROW_GB18030]) {
      expect(escposTokens(renderThermal(doc({ kind: 'text', text: '㐂' }), profile, fixedGlyphs())).filter((t) => t.startsWith('ESC *'))).toHaveLength(1);
    }
    expect(escposTokens(renderThermal(doc({ kind: 'text', text: '€' }), NARROW_GB18030, fixedGlyphs()))).toContain('text "€"');
    expect(escposTokens(renderThermal(doc({ kind: 'text', text: '€' }), NARROW_GBK, fixedGlyphs([])))[2]).toMatch(/^ESC \* m=33/);
  });

  it('prints a compatibility ideograph as its unified form from the font, without asking for a glyph', () => {
    const glyphs = fixedGlyphs();
    const bytes = renderThermal(doc({ kind: 'text', text: '\uF900\u{2F800}' }), NARROW_GBK, glyphs);
    expect(hex(bytes)).toContain(gbk('\u8C48\u4E3D'));
    expect(glyphs.asked).toEqual([]);
  });

  it('prints a character no shipped font has as a visible [U+…] marker', () => {
    const bytes = renderThermal(doc({ kind: 'field', label: '姓名', value: '王\u{2EBF0}' }), NARROW_GBK, fixedGlyphs());
    expect(escposTokens(bytes)).toContain('text "姓名：王[U+2EBF0]"');
  });

  it('draws a glyph on a size-2 line with ESC * 32 (each column two dots wide)', () => {
    const glyphs = fixedGlyphs();
    const bytes = renderThermal(doc({ kind: 'text', text: '𠮷', size: 2 }), NARROW_GBK, glyphs);
    expect(hex(bytes)).toContain(`1d2111${expectedEscStar(glyphs.glyph('𠮷', 24) as Bitmap, 32)}0a`);
  });

  it('packs an inline glyph column by column, top dot in the high bit', () => {
    const dots = new Uint8Array(24 * 24);
    dots[0] = 1; // top-left
    dots[23 * 24 + 23] = 1; // bottom-right
    dots[8 * 24 + 1] = 1; // second column, ninth row: second byte's high bit
    const bytes = inlineGlyph({ width: 24, height: 24, dots }, 1);
    expect(bytes.length).toBe(5 + 72);
    expect(hex(bytes.subarray(0, 8))).toBe('1b2a2118008000' + '00');
    expect(hex(bytes.subarray(8, 11))).toBe('008000');
    expect(hex(bytes.subarray(74, 77))).toBe('000001');
  });
});

describe('QR codes', () => {
  it('sends GS ( k: model 2, module size, error correction M, store, print', () => {
    const bytes = renderThermal(doc({ kind: 'qr', payload: 'SWB-2026-000123', moduleSize: 5 }), NARROW_GBK, fixedGlyphs());
    const payload = Buffer.from('SWB-2026-000123', 'ascii').toString('hex');
    expect(hex(bytes)).toBe(
      '1b401c26' +
        '1b6101' +
        '1d286b0400314132' + '00' +
        '1d286b0300314305' +
        '1d286b0300314531' +
        `1d286b${(15 + 3).toString(16).padStart(2, '0')}00315030${payload}` +
        '1d286b0300315130' +
        '0a' +
        '1b64041d56011b40',
    );
  });

  it('sends a raster QR in bands that decode back to the payload, module for module as qrcode draws it', () => {
    const payload = 'https://zwfw.example.gov.cn/q/SWB-2026-000123';
    const bytes = renderThermal(doc({ kind: 'qr', payload, moduleSize: 6 }), WIDE_RASTER, fixedGlyphs());
    expect(hex(bytes)).not.toContain('1d286b');
    const image = joinBands(bytes);
    expect(image.width).toBe(576);
    expect(Math.max(...image.bandHeights)).toBeLessThanOrEqual(24);
    expect(image.bandHeights.length).toBeGreaterThan(5);
    const rgba = toRgba(image);
    expect(jsQR(rgba.data, rgba.width, rgba.height)?.data).toBe(payload);
    // Against qrcode's own matrix (byte mode, level M, as the printer's GS ( k makes it), sampled at each module's centre.
    const own = create([{ data: Buffer.from(payload, 'ascii'), mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules;
    const dots = 6;
    const left = (576 - own.size * dots) / 2;
    const top = 4 * dots;
    for (let r = 0; r < own.size; r += 1) {
      for (let c = 0; c < own.size; c += 1) {
        const sample = image.dots[Math.floor(top + r * dots + dots / 2) * 576 + Math.floor(left + c * dots + dots / 2)];
        expect(sample, `module ${r},${c}`).toBe(own.get(r, c) ? 1 : 0);
      }
    }
  });

  it('refuses a non-ASCII payload', () => {
    expect(() => renderThermal(doc({ kind: 'qr', payload: 'https://x/查询' }), NARROW_GBK, fixedGlyphs())).toThrow(/ASCII/);
  });

  it('shrinks the modules of a long payload to fit the paper', () => {
    const payload = `https://zwfw.example.gov.cn/q/${'A'.repeat(150)}`;
    const image = qrBitmap(payload, 8, 384);
    expect(image.width).toBe(384);
    const rgba = toRgba(image);
    expect(jsQR(rgba.data, rgba.width, rgba.height)?.data).toBe(payload);
  });
});

describe('raster bands', () => {
  it('splits a tall image into GS v 0 bands of at most 24 rows that stack back into it', () => {
    const width = 40;
    const height = 100;
    const dots = Uint8Array.from({ length: width * height }, (_, i) => ((i * 7919) % 5 === 0 ? 1 : 0));
    const bands = rasterBands({ width, height, dots });
    expect(bands.map((b) => b[6])).toEqual([24, 24, 24, 24, 4]);
    const joined = joinBands(Buffer.concat(bands));
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) expect(joined.dots[y * joined.width + x]).toBe(dots[y * width + x]);
    }
  });

  it('writes each band exactly as node-thermal-printer’s printImageBuffer writes the same picture', async () => {
    const image = qrBitmap('SWB-2026-000123', 4, 384);
    const band = { width: image.width, height: 24, dots: image.dots.subarray(0, image.width * 24) };
    const png = new PNG({ width: band.width, height: band.height });
    png.data = Buffer.from(toRgba(band).data);
    const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '' });
    await printer.printImageBuffer(PNG.sync.write(png));
    expect(hex(rasterBands(band)[0] as Uint8Array)).toBe(hex(printer.getBuffer()));
  });
});

describe('QR symbol size', () => {
  it('matches the qrcode package at both sides of each version boundary up to version 20', () => {
    const lengths = [1, 14, 15, 26, 27, 42, 43, 62, 63, 84, 85, 106, 107, 122, 123, 152, 153, 180, 181, 213, 214, 251, 252, 287, 288, 331, 332, 362, 363, 412, 413, 450, 451, 504, 505, 560, 561, 624, 625, 666];
    for (const length of lengths) {
      const payload = 'a'.repeat(length);
      expect(qrSymbolSize(length), `length ${length}`).toBe(qrMatrix(payload).size);
    }
  });
});

describe('printed line widths', () => {
  /** Columns of each printed line, read from the bytes: a byte of text is a column, an ESC * 33 glyph two, GS ! 11 doubles. */
  function printedLineColumns(bytes: Uint8Array): number[] {
    const widths: number[] = [];
    let current = 0;
    let magnify = 1;
    for (const token of escposTokens(bytes)) {
      if (token === 'LF') {
        widths.push(current);
        current = 0;
      } else if (token.startsWith('GS ! ')) magnify = token === 'GS ! 11' ? 2 : 1;
      else if (token.startsWith('ESC * m=33')) current += 2 * magnify;
      else if (token.startsWith('ESC * m=32')) current += 4;
      else if (token.startsWith('text ')) current += iconv.encode(JSON.parse(token.slice(5)) as string, 'gb18030').length * magnify;
    }
    return widths;
  }

  it('never prints a line wider than 32 columns at 58 mm or 48 at 80 mm', () => {
    const blocks: ThermalBlock[] = [
      { kind: 'text', text: '某某市政务服务中心受理回执（第二联：申请人留存）', align: 'center', size: 2 },
      { kind: 'field', label: '申请人', value: '张𠮷𡒄㐂\uF900\u{2EBF0}，欧阳 Alexander-Maximilian 先生' },
      { kind: 'pair', left: '法定代表人身份证明及其授权委托书（原件、复印件各一份）', right: '2026-12-07前补交' },
      { kind: 'pair', left: '材料', right: '一份非常长的右侧说明文字超过了半行的宽度一定要换行' },
      { kind: 'text', text: 'https://zwfw.example.gov.cn/q/SWB-2026-000123?from=receipt&window=3' },
      { kind: 'ruler' },
    ];
    for (const paperWidthMm of [58, 80] as const) {
      const profile = printerProfile({ paperWidthMm, encoding: 'gbk', qrMode: 'native' });
      const widths = printedLineColumns(renderThermal(doc(...blocks), profile, fixedGlyphs()));
      expect(widths.length).toBeGreaterThan(8);
      expect(Math.max(...widths)).toBe(profile.columns);
    }
  });
});
