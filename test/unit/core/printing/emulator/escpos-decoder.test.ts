import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EscPosDecoder, decodeEscPos } from '../../../../../electron/core/printing/emulator/escpos-decoder';
import { IMAGE_PLACEHOLDER, type EscPosRecord, type LineRecord, type QrRecord, type RasterRecord } from '../../../../../electron/core/printing/emulator/escpos-records';
import type { Bitmap } from '../../../../../electron/core/printing/thermal/glyph-source';

// Hand-made ESC/POS (Epson command reference); the bytes are spelt out here, not borrowed from
// the app's encoder, so a mistake on both sides cannot cancel out.
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;
const gbk = (s: string): number[] => [...iconv.encode(s, 'gbk')];
const gb18030 = (s: string): number[] => [...iconv.encode(s, 'gb18030')];
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];
const bytes = (...parts: Array<number | number[]>): Uint8Array => Uint8Array.from(parts.flat());

/** A 24 × 24 test glyph: a frame with a diagonal, so rows and columns cannot be swapped unnoticed. */
function testGlyph(): Bitmap {
  const dots = new Uint8Array(24 * 24);
  for (let y = 0; y < 24; y++) {
    for (let x = 0; x < 24; x++) if (y === 0 || x === 0 || x === y || (y === 5 && x < 12)) dots[y * 24 + x] = 1;
  }
  return { width: 24, height: 24, dots };
}

/** `ESC * 33 24 0` and the glyph in 24-dot columns (3 bytes each, top bit first). */
function escStar(bitmap: Bitmap, m = 33): number[] {
  const out = [ESC, 0x2a, m, bitmap.width & 0xff, bitmap.width >> 8];
  for (let x = 0; x < bitmap.width; x++) {
    for (let yb = 0; yb < 3; yb++) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) if (bitmap.dots[(yb * 8 + bit) * bitmap.width + x]) byte |= 0x80 >> bit;
      out.push(byte);
    }
  }
  return out;
}

/** `GS v 0 0` with `rows` rows of `bytesPerRow` bytes, row r filled with byte `fill(r)`. */
function rasterBand(bytesPerRow: number, rows: number, fill: (row: number) => number): number[] {
  const out = [GS, 0x76, 0x30, 0x30, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8];
  for (let r = 0; r < rows; r++) for (let x = 0; x < bytesPerRow; x++) out.push(fill(r));
  return out;
}

function qr(payload: string, moduleSize = 6): number[] {
  const len = payload.length + 3;
  return [
    [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, moduleSize],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31],
    [GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30, ...ascii(payload)],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
  ].flat();
}

/** Records as one string (bitmaps as hex): deep-comparing big Uint8Arrays element by element is slow. */
const flat = (records: EscPosRecord[]): string => JSON.stringify(records, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

const lines = (records: EscPosRecord[]): LineRecord[] => records.filter((r): r is LineRecord => r.type === 'line');

/** A receipt-like stream touching every kind of record. */
function sampleReceipt(): Uint8Array {
  return bytes(
    [ESC, 0x40, FS, 0x26],
    [ESC, 0x61, 1, ESC, 0x45, 1, GS, 0x21, 0x11],
    gbk('受理回执'),
    LF,
    [ESC, 0x61, 0, ESC, 0x45, 0, GS, 0x21, 0],
    gbk('申请人：'),
    escStar(testGlyph()),
    gbk('大明'),
    LF,
    gbk('办件编号：JQ-12-20261130-0001'),
    LF,
    LF,
    [DLE, 0x04, 1],
    rasterBand(48, 24, (r) => (r % 2 ? 0xff : 0x00)),
    rasterBand(48, 10, () => 0x81),
    [ESC, 0x61, 1],
    qr('https://zw.example.cn/progress?case=JQ-12-20261130-0001'),
    LF,
    [ESC, 0x7a, 1], // not a command: recorded, decoding goes on
    ascii('END'),
    LF,
    [ESC, 0x64, 4, GS, 0x56, 1, ESC, 0x40],
  );
}

describe('EscPosDecoder: text lines', () => {
  it('decodes GBK text in FS & mode with the alignment, bold and size it was printed in, and its columns', () => {
    const records = decodeEscPos(bytes([ESC, 0x40, FS, 0x26, ESC, 0x61, 1, ESC, 0x45, 1, GS, 0x21, 0x11], gbk('受理回执'), LF));
    expect(records[0]).toEqual({ type: 'init' });
    const [line] = lines(records);
    expect(line).toMatchObject({ text: '受理回执', align: 'center', bold: true, size: 2, columns: 16 });
  });

  it('counts an ASCII character as one column and a GBK character as two', () => {
    const [line] = lines(decodeEscPos(bytes([FS, 0x26], gbk('办件编号：JQ-12'), LF)));
    expect(line?.text).toBe('办件编号：JQ-12');
    expect(line?.columns).toBe(5 * 2 + 5);
    expect(line?.align).toBe('left');
    expect(line?.bold).toBe(false);
  });

  it('without FS & the bytes are single-byte characters: the name comes out wrong and one column each', () => {
    const [line] = lines(decodeEscPos(bytes(gbk('王芳'), LF)));
    expect(line?.text).not.toBe('王芳');
    expect(line?.columns).toBe(4);
  });

  it('reports a 4-byte GB18030 sequence (a GBK font lacks it) and still reads it', () => {
    const [line] = lines(decodeEscPos(bytes([FS, 0x26], gb18030('吉𠮷'), LF)));
    expect(line?.text).toBe('吉𠮷');
    expect(line?.fourByte).toEqual(['𠮷']);
    expect(line?.columns).toBe(4);
  });

  it('keeps an inline ESC * glyph as an image segment two columns wide, named when recognised', () => {
    const glyph = testGlyph();
    const stream = bytes([FS, 0x26], gbk('申请人：'), escStar(glyph), gbk('大明'), LF);
    const [plain] = lines(decodeEscPos(stream));
    expect(plain?.text).toBe(`申请人：${IMAGE_PLACEHOLDER}大明`);
    expect(plain?.columns).toBe(8 + 2 + 4);
    const image = plain?.segments[1];
    expect(image).toMatchObject({ kind: 'image', dotsWide: 24, columns: 2, glyph: null });
    expect(image?.kind === 'image' ? image.bitmap : null).toEqual(glyph);

    const recognise = (b: Bitmap) => (Buffer.from(b.dots).equals(Buffer.from(glyph.dots)) ? '𠮷' : null);
    const [named] = lines(decodeEscPos(stream, { recogniseGlyph: recognise }));
    expect(named?.text).toBe('申请人：𠮷大明');
  });

  it('counts double width: GS ! 0x11 text and an ESC * 32 (single density) glyph take twice the columns', () => {
    const [line] = lines(decodeEscPos(bytes([FS, 0x26, GS, 0x21, 0x11], gbk('A号'), escStar(testGlyph(), 32), LF)));
    expect(line?.columns).toBe(2 + 4 + 4);
    expect(line?.size).toBe(2);
  });

  it('applies ESC a only from the start of the next line, as the printer does', () => {
    const ls = lines(decodeEscPos(bytes(ascii('ab'), [ESC, 0x61, 2], ascii('cd'), LF, ascii('ef'), LF)));
    expect(ls.map((l) => [l.text, l.align])).toEqual([
      ['abcd', 'left'],
      ['ef', 'right'],
    ]);
  });

  it('a bare LF is an empty line; ESC d n prints the line then feeds n lines', () => {
    const records = decodeEscPos(bytes(LF, ascii('x'), [ESC, 0x64, 3]));
    expect(records).toEqual([
      expect.objectContaining({ type: 'line', text: '', columns: 0 }),
      expect.objectContaining({ type: 'line', text: 'x', columns: 1 }),
      { type: 'feed', lines: 3 },
    ]);
  });
});

describe('EscPosDecoder: images, QR, cuts, requests', () => {
  it('joins consecutive GS v 0 bands of one width into one raster image', () => {
    const records = decodeEscPos(bytes(rasterBand(48, 24, (r) => (r % 2 ? 0xff : 0)), rasterBand(48, 10, () => 0x81), rasterBand(72, 2, () => 0)));
    const rasters = records.filter((r): r is RasterRecord => r.type === 'raster');
    expect(rasters.map((r) => [r.width, r.height, r.bands])).toEqual([
      [384, 34, 2],
      [576, 2, 1],
    ]);
    const first = rasters[0] as RasterRecord;
    const dot = (x: number, y: number) => first.bitmap.dots[y * first.width + x];
    expect([dot(0, 0), dot(0, 1), dot(383, 1)]).toEqual([0, 1, 1]);
    // Row 30 is 0x81 repeated: the first and last dot of each byte.
    expect([dot(0, 30), dot(1, 30), dot(7, 30), dot(8, 30), dot(9, 30)]).toEqual([1, 0, 1, 1, 0]);
  });

  it('reads the QR payload stored by fn 80 when fn 81 prints it', () => {
    const payload = 'https://zw.example.cn/progress?case=JQ-12-20261130-0001';
    const records = decodeEscPos(bytes([ESC, 0x61, 1], qr(payload)));
    const code = records.find((r): r is QrRecord => r.type === 'qr');
    expect(code).toEqual({ type: 'qr', align: 'center', payload, moduleSize: 6, correction: 'M', model: 2 });
  });

  it('records cuts: GS V 1 partial, GS V 0 full, GS V 66 n with its feed, ESC i', () => {
    const records = decodeEscPos(bytes([GS, 0x56, 1, GS, 0x56, 0, GS, 0x56, 66, 80, ESC, 0x69]));
    expect(records).toEqual([
      { type: 'cut', partial: true },
      { type: 'cut', partial: false },
      { type: 'cut', partial: true, feedDots: 80 },
      { type: 'cut', partial: false },
    ]);
  });

  it('marks text still in the buffer at a cut as unterminated', () => {
    const [line] = lines(decodeEscPos(bytes(ascii('tail'), [GS, 0x56, 1])));
    expect(line).toMatchObject({ text: 'tail', unterminated: true });
  });

  it('reports DLE EOT and GS r requests in stream order', () => {
    const records = decodeEscPos(bytes([DLE, 4, 1, DLE, 4, 2, DLE, 4, 4, GS, 0x72, 1]));
    expect(records).toEqual([
      { type: 'statusRequest', command: 'DLE EOT', n: 1 },
      { type: 'statusRequest', command: 'DLE EOT', n: 2 },
      { type: 'statusRequest', command: 'DLE EOT', n: 4 },
      { type: 'statusRequest', command: 'GS r', n: 1 },
    ]);
  });

  it('records an unknown command and goes on decoding after it', () => {
    const records = decodeEscPos(bytes([ESC, 0x7a, 1], ascii('ok'), LF, [0x07], ascii('go'), LF));
    expect(records.filter((r) => r.type === 'unknown').map((r) => (r.type === 'unknown' ? r.hex : ''))).toEqual(['1b 7a', '01', '07']);
    // ESC z is taken as two bytes (its length is unknowable); its argument 0x01 is then a stray control byte.
    expect(lines(records).map((l) => l.text)).toEqual(['ok', 'go']);
  });

  it('ESC @ clears text still in the buffer and says so', () => {
    const records = decodeEscPos(bytes([FS, 0x26], gbk('半行'), [ESC, 0x40], ascii('x'), LF));
    expect(records[0]).toEqual({ type: 'init', discarded: '半行' });
    expect(lines(records).map((l) => l.text)).toEqual(['x']);
  });

  it('at the end of the stream, reports a command cut short', () => {
    const records = decodeEscPos(bytes([GS, 0x76, 0x30, 0x30, 48, 0, 24, 0, 1, 2, 3]));
    expect(records).toEqual([expect.objectContaining({ type: 'unknown', note: expect.stringContaining('truncated') })]);
  });
});

describe('EscPosDecoder: fed in chunks', () => {
  const whole = sampleReceipt();
  const expected = decodeEscPos(whole);
  const expectedFlat = flat(expected);

  it('decodes the sample receipt into the records a reader expects', () => {
    expect(expected.map((r) => r.type)).toEqual(['init', 'line', 'line', 'line', 'line', 'statusRequest', 'raster', 'qr', 'line', 'unknown', 'unknown', 'line', 'feed', 'cut', 'init']);
    expect(lines(expected).map((l) => l.text)).toEqual(['受理回执', `申请人：${IMAGE_PLACEHOLDER}大明`, '办件编号：JQ-12-20261130-0001', '', '', 'END']);
  });

  it('gives the same records whichever single point the stream is split at', () => {
    for (let cut = 0; cut <= whole.length; cut++) {
      const decoder = new EscPosDecoder();
      const got = [...decoder.push(whole.subarray(0, cut)), ...decoder.push(whole.subarray(cut)), ...decoder.end()];
      expect(flat(got), `split at byte ${cut}`).toBe(expectedFlat);
    }
  });

  it('gives the same records fed one byte at a time', () => {
    const decoder = new EscPosDecoder();
    const got: EscPosRecord[] = [];
    for (const b of whole) got.push(...decoder.push(Uint8Array.of(b)));
    got.push(...decoder.end());
    expect(flat(got)).toBe(expectedFlat);
  });

  it('gives the same records for any cutting into chunks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), whole.length];
        const decoder = new EscPosDecoder();
        const got: EscPosRecord[] = [];
        for (let i = 1; i < points.length; i++) got.push(...decoder.push(whole.subarray(points[i - 1], points[i])));
        got.push(...decoder.end());
        expect(flat(got)).toBe(expectedFlat);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary bytes, and decodes them alike however they are split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), (junk, at) => {
        const cut = junk.length === 0 ? 0 : at % junk.length;
        const once = decodeEscPos(junk, { chineseMode: true });
        const decoder = new EscPosDecoder({ chineseMode: true });
        const split = [...decoder.push(junk.subarray(0, cut)), ...decoder.push(junk.subarray(cut)), ...decoder.end()];
        expect(flat(split)).toBe(flat(once));
      }),
      { numRuns: 300 },
    );
  });
});
