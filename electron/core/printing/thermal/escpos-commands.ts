import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { Bitmap } from './glyph-source';

/**
 * ESC/POS commands as bytes. Where node-thermal-printer (Epson command set) emits the right
 * bytes, they are taken from it once, at load: initialise, justification, emphasis, character
 * size, QR by `GS ( k`, partial cut. What it lacks or gets wrong for us is written here, each
 * with the command's name (Epson ESC/POS reference):
 * - `FS &` (select Kanji/Chinese character mode) — not in node-thermal-printer;
 * - `ESC *` bit images in the line buffer (our inline glyphs) — not in node-thermal-printer;
 * - `GS v 0` raster bands: its `printImageBuffer` takes a PNG file and is async; our images are
 *   already 1-bit, so the bands are packed here with the very header it writes
 *   (`1D 76 30 30 xL xH yL yH`, checked against it by the tests).
 */
function fromLibrary(write: (printer: ThermalPrinter) => void): Uint8Array {
  const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '' });
  write(printer);
  return new Uint8Array(printer.getBuffer());
}

/** `ESC @` initialise printer (node-thermal-printer emits it only inside `cut`, and does not type `initHardware`). */
export const INITIALISE = Uint8Array.of(0x1b, 0x40);
/** `FS &` select Chinese character mode: bytes 0x81–0xFE lead a 2-byte character. */
export const CHINESE_MODE_ON = Uint8Array.of(0x1c, 0x26);
/** `LF` print the line buffer and feed one line. */
export const LINE_FEED = Uint8Array.of(0x0a);
/** `ESC a n` justification (left 0, centre 1, right 2). */
export const ALIGN = {
  left: fromLibrary((p) => p.alignLeft()),
  center: fromLibrary((p) => p.alignCenter()),
  right: fromLibrary((p) => p.alignRight()),
} as const;
/** `ESC E n` emphasis off / on. */
export const BOLD = { off: fromLibrary((p) => p.bold(false)), on: fromLibrary((p) => p.bold(true)) } as const;
/** `GS ! n` character size: 0x00 normal, 0x11 double width and height. */
export const SIZE = { 1: fromLibrary((p) => p.setTextSize(0, 0)), 2: fromLibrary((p) => p.setTextSize(1, 1)) } as const;
/** `ESC d 4` feed four lines (the cutter sits above the head), `GS V 1` partial cut, `ESC @`. */
export const FEED_AND_PARTIAL_CUT = fromLibrary((p) => p.partialCut({ verticalTabAmount: 1 }));

/** Dots of one inline glyph: one CJK cell of Font A (24×24). */
export const GLYPH_DOTS = 24;

/**
 * An inline glyph: `ESC * m nL nH d1…dk` with m = 33 (24-dot double density: one data column
 * is one dot, 24 columns = 24 dots = two Font A columns), 3 bytes per column, top dot in the
 * most significant bit. On a size-2 line m = 32 (24-dot single density: each column two dots
 * wide, 48 dots = the four columns of a double-width CJK character; `GS !` does not magnify
 * bit images, so the glyph stays 24 dots high there).
 *
 * The image goes into the line buffer with the text around it and prints when the line does.
 */
export function inlineGlyph(bitmap: Bitmap, size: 1 | 2): Uint8Array {
  if (bitmap.height !== GLYPH_DOTS) throw new Error(`inlineGlyph: a glyph is ${GLYPH_DOTS} dots high, not ${bitmap.height}`);
  const out = new Uint8Array(5 + bitmap.width * 3);
  out.set([0x1b, 0x2a, size === 2 ? 32 : 33, bitmap.width & 0xff, bitmap.width >> 8]);
  for (let x = 0; x < bitmap.width; x += 1) {
    for (let y = 0; y < GLYPH_DOTS; y += 1) {
      if (bitmap.dots[y * bitmap.width + x]) {
        const index = 5 + x * 3 + (y >> 3);
        out[index] = (out[index] ?? 0) | (0x80 >> (y & 7));
      }
    }
  }
  return out;
}

/** Rows per `GS v 0` band: a tall image in one command overflows cheap printers' buffers. */
export const RASTER_BAND_ROWS = 24;

/**
 * `bitmap` as `GS v 0` raster bands of at most `RASTER_BAND_ROWS` rows: each band is
 * `1D 76 30 30 xL xH yL yH` then `xL+xH·256` bytes per row (8 dots a byte, leftmost dot in the
 * most significant bit, 1 = black), rows top to bottom.
 */
export function rasterBands(bitmap: Bitmap, bandRows = RASTER_BAND_ROWS): Uint8Array[] {
  const rowBytes = Math.ceil(bitmap.width / 8);
  const bands: Uint8Array[] = [];
  for (let top = 0; top < bitmap.height; top += bandRows) {
    const rows = Math.min(bandRows, bitmap.height - top);
    const band = new Uint8Array(8 + rowBytes * rows);
    band.set([0x1d, 0x76, 0x30, 0x30, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8]);
    for (let y = 0; y < rows; y += 1) {
      for (let x = 0; x < bitmap.width; x += 1) {
        if (bitmap.dots[(top + y) * bitmap.width + x]) {
          const index = 8 + y * rowBytes + (x >> 3);
          band[index] = (band[index] ?? 0) | (0x80 >> (x & 7));
        }
      }
    }
    bands.push(band);
  }
  return bands;
}

/** Module size of a `GS ( k` QR code that node-thermal-printer can write: 1–8 dots. */
export const NATIVE_QR_MODULE_DOTS = { min: 1, max: 8 } as const;

/**
 * A QR code by `GS ( k` (function 165 model 2, 167 module size, 169 error correction M, 180
 * store, 181 print), from node-thermal-printer's `printQR`. It stores `payload.length + 3` as the
 * data length and writes the payload as UTF-8: right for ASCII only, which the caller ensures.
 */
export function nativeQr(payload: string, moduleDots: number): Uint8Array {
  if (!/^[\x20-\x7e]+$/.test(payload)) throw new Error('nativeQr: the payload must be printable ASCII');
  const cellSize = Math.min(NATIVE_QR_MODULE_DOTS.max, Math.max(NATIVE_QR_MODULE_DOTS.min, Math.round(moduleDots)));
  return fromLibrary((p) => p.printQR(payload, { cellSize, correction: 'M', model: 2 }));
}
