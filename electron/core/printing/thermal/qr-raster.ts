import { create } from 'qrcode';
import type { Bitmap } from './glyph-source';

/** Modules of white around a QR symbol (ISO/IEC 18004 quiet zone). */
export const QR_QUIET_ZONE_MODULES = 4;

/**
 * The module matrix of a QR code of `payload` as the printer's own `GS ( k` makes it: model 2,
 * byte mode, error correction M. Row-major, `size × size`, 1 = dark. From the `qrcode` package.
 */
export function qrMatrix(payload: string): { size: number; modules: Uint8Array } {
  const code = create([{ data: new TextEncoder().encode(payload), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  return { size: code.modules.size, modules: Uint8Array.from(code.modules.data, (bit) => (bit ? 1 : 0)) };
}

/**
 * Bytes a QR symbol of each version (1–40) holds in byte mode at error correction M
 * (ISO/IEC 18004:2015, table 7). Lets the layout size a native `GS ( k` symbol without drawing
 * it (drawing costs milliseconds a receipt); checked against the `qrcode` package by the tests.
 */
const BYTE_CAPACITY_M = [
  14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264,
  1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
];

/** Modules across the QR symbol (byte mode, level M) of a payload of `bytes` bytes; throws past version 40. */
export function qrSymbolSize(bytes: number): number {
  const version = BYTE_CAPACITY_M.findIndex((capacity) => capacity >= bytes) + 1;
  if (version === 0) throw new Error(`QR payload of ${bytes} bytes is too long for a QR code`);
  return 17 + 4 * version;
}

/**
 * The largest module size in dots, at most `wanted`, at which the symbol with its quiet zone fits
 * in `dotsPerLine`; throws when even one dot per module does not fit (a payload too long for
 * the paper — the caller's bug: lookup codes and URLs are short).
 */
export function fittingModuleDots(matrixSize: number, wanted: number, dotsPerLine: number): number {
  const span = matrixSize + 2 * QR_QUIET_ZONE_MODULES;
  const fitting = Math.min(Math.max(1, Math.floor(wanted)), Math.floor(dotsPerLine / span));
  if (fitting < 1) throw new Error(`QR code of ${matrixSize} modules does not fit ${dotsPerLine} dots`);
  return fitting;
}

/**
 * A QR code as a raster image for printers without `GS ( k`: `dotsPerLine` wide (so the
 * printer's justification does not matter), the symbol centred, each module `moduleDots`
 * square, a quiet zone of `QR_QUIET_ZONE_MODULES` modules above and below.
 */
export function qrBitmap(payload: string, moduleDots: number, dotsPerLine: number): Bitmap {
  const { size, modules } = qrMatrix(payload);
  const dots = fittingModuleDots(size, moduleDots, dotsPerLine);
  const quiet = QR_QUIET_ZONE_MODULES * dots;
  const height = size * dots + 2 * quiet;
  const left = Math.floor((dotsPerLine - size * dots) / 2);
  const bitmap: Bitmap = { width: dotsPerLine, height, dots: new Uint8Array(dotsPerLine * height) };
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) {
      if (!modules[row * size + col]) continue;
      for (let dy = 0; dy < dots; dy += 1) {
        const start = (quiet + row * dots + dy) * dotsPerLine + left + col * dots;
        bitmap.dots.fill(1, start, start + dots);
      }
    }
  }
  return bitmap;
}
