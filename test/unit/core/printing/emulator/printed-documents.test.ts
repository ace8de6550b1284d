import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../../../electron/core/printing/emulator/escpos-decoder';
import { glyphRecogniser, printedDocuments } from '../../../../../electron/core/printing/emulator/printed-documents';
import { packBitmap, recordToJson, recordView, unpackBitmap } from '../../../../../electron/core/printing/emulator/record-output';
import type { Bitmap } from '../../../../../electron/core/printing/thermal/glyph-source';

const gbk = (s: string): number[] => [...iconv.encode(s, 'gbk')];
const bytes = (...parts: Array<number | number[]>): Uint8Array => Uint8Array.from(parts.flat());
const CUT = [0x1b, 0x64, 4, 0x1d, 0x56, 1, 0x1b, 0x40];

function diagonal(size: number): Bitmap {
  const dots = new Uint8Array(size * size);
  for (let i = 0; i < size; i++) dots[i * size + i] = 1;
  return { width: size, height: size, dots };
}

function escStar24(bitmap: Bitmap): number[] {
  const out = [0x1b, 0x2a, 33, bitmap.width, 0];
  for (let x = 0; x < bitmap.width; x++) {
    for (let yb = 0; yb < 3; yb++) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) if (bitmap.dots[(yb * 8 + bit) * bitmap.width + x]) byte |= 0x80 >> bit;
      out.push(byte);
    }
  }
  return out;
}

describe('printedDocuments', () => {
  it('splits at cuts; the ESC @ after a cut is no document; what follows the last cut only on request', () => {
    const records = decodeEscPos(bytes([0x1b, 0x40, 0x1c, 0x26], gbk('第一张'), 0x0a, CUT, [0x1c, 0x26], gbk('第二张'), 0x0a, CUT, gbk('半张'), 0x0a));
    const docs = printedDocuments(records);
    expect(docs.map((d) => [d.lines, d.cut])).toEqual([
      [['第一张'], true],
      [['第二张'], true],
    ]);
    expect(printedDocuments(records, { includeUncut: true }).map((d) => d.cut)).toEqual([true, true, false]);
    expect(docs[0]?.maxColumns).toBe(6);
  });
});

describe('glyphRecogniser', () => {
  it('names an inline image that is exactly the glyph the source draws, and nothing else', () => {
    const glyph = diagonal(24);
    const source = { glyph: (char: string) => (char === '𠮷' ? glyph : null) };
    const recognise = glyphRecogniser(source, ['𠮷', '䶮']);
    const other = diagonal(24);
    other.dots[5] = 1;
    const [doc] = printedDocuments(decodeEscPos(bytes([0x1c, 0x26], gbk('吉'), escStar24(glyph), escStar24(other), 0x0a, CUT), { recogniseGlyph: recognise }));
    expect(doc?.lines).toEqual(['吉𠮷\uFFFC']);
  });
});

describe('record output', () => {
  it('packs a bitmap as GS v 0 rows (MSB leftmost, rows padded) and back', () => {
    const bitmap: Bitmap = { width: 10, height: 2, dots: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]) };
    expect(Buffer.from(packBitmap(bitmap), 'base64')).toEqual(Buffer.from([0x80, 0xc0, 0x40, 0x00]));
    expect(unpackBitmap(10, 2, packBitmap(bitmap))).toEqual(bitmap);
  });

  it('writes raster records with width, height and a base64 bitmap', () => {
    const records = decodeEscPos(bytes([0x1d, 0x76, 0x30, 0x30, 1, 0, 2, 0, 0xff, 0x01]));
    expect(recordToJson(records[0]!)).toEqual({ type: 'raster', align: 'left', width: 8, height: 2, scale: 0, bands: 1, bitmap: Buffer.from([0xff, 0x01]).toString('base64') });
  });

  it('shows lines aligned in the paper’s columns with their marks, images, QR codes and cuts', () => {
    const records = decodeEscPos(
      bytes([0x1c, 0x26, 0x1b, 0x61, 1, 0x1b, 0x45, 1], gbk('回执'), 0x0a, [0x1b, 0x61, 2, 0x1b, 0x45, 0], gbk('右'), escStar24(diagonal(24)), 0x0a, [0x1d, 0x76, 0x30, 0x30, 48, 0, 1, 0, ...new Array(48).fill(0)], [0x1d, 0x56, 1]),
    );
    const view = records.flatMap((r) => recordView(r, 32));
    expect(view).toEqual(['              回执    «粗»', '                            右[图像 24×24]', '[图像 384×1]', '----- 切纸 -----']);
  });
});
