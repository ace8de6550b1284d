import type { Bitmap } from '../thermal/glyph-source';
import type { EscPosRecord, LineSegment } from './escpos-records';

/**
 * A bitmap as the printer packs it (GS v 0 order: rows top to bottom, 8 dots a byte, most
 * significant bit leftmost, each row padded to a whole byte), base64: how records keep images in
 * the JSON-lines file.
 */
export function packBitmap(bitmap: Bitmap): string {
  const rowBytes = Math.ceil(bitmap.width / 8);
  const out = Buffer.alloc(rowBytes * bitmap.height);
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) if (bitmap.dots[y * bitmap.width + x]) out[y * rowBytes + (x >> 3)] = (out[y * rowBytes + (x >> 3)] ?? 0) | (0x80 >> (x & 7));
  }
  return out.toString('base64');
}

/** The inverse of packBitmap. */
export function unpackBitmap(width: number, height: number, base64: string): Bitmap {
  const packed = Buffer.from(base64, 'base64');
  const rowBytes = Math.ceil(width / 8);
  const dots = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if ((packed[y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) dots[y * width + x] = 1;
  }
  return { width, height, dots };
}

/** A record as plain JSON (bitmaps packed as base64, see packBitmap), one line of the out file. */
export function recordToJson(record: EscPosRecord): Record<string, unknown> {
  switch (record.type) {
    case 'line':
      return { ...record, segments: record.segments.map(segmentToJson) };
    case 'raster': {
      const { bitmap, ...rest } = record;
      return { ...rest, bitmap: packBitmap(bitmap) };
    }
    default:
      return { ...record };
  }
}

function segmentToJson(segment: LineSegment): Record<string, unknown> {
  if (segment.kind === 'text') return { ...segment };
  const { bitmap, ...rest } = segment;
  return { ...rest, width: bitmap.width, height: bitmap.height, bitmap: packBitmap(bitmap) };
}

/**
 * What a person reads on the emulator's console: each text line as text (laid out at `columns`
 * by its alignment; inline images named or `[图像 24×24]`), `[图像 384×120]`, `[二维码 …]`,
 * feeds as blank lines, `----- 切纸 -----`. Status requests and resets show nothing.
 */
export function recordView(record: EscPosRecord, columns: number): string[] {
  switch (record.type) {
    case 'line': {
      const text = record.segments.map((s) => (s.kind === 'text' ? s.text : (s.glyph ?? `[图像 ${s.bitmap.width}×${s.bitmap.height}]`))).join('');
      const room = Math.max(0, columns - record.columns);
      const pad = record.align === 'center' ? Math.floor(room / 2) : record.align === 'right' ? room : 0;
      const marks = [record.bold ? '粗' : '', record.size > 1 ? `${record.size}倍` : '', record.fourByte.length ? `四字节:${record.fourByte.join('')}` : '', record.columns > columns ? `超宽 ${record.columns}/${columns} 列` : '']
        .filter(Boolean)
        .join(' ');
      return [`${' '.repeat(pad)}${text}${marks ? `    «${marks}»` : ''}`];
    }
    case 'raster':
      return [`[图像 ${record.width}×${record.height}]`];
    case 'qr':
      return [`[二维码 ${record.payload}]`];
    case 'cut':
      return ['----- 切纸 -----'];
    case 'feed':
      return Array.from({ length: Math.min(record.lines ?? Math.round((record.dots ?? 0) / 30), 10) }, () => '');
    case 'unknown':
      return [`[未知指令 ${record.hex}：${record.note}]`];
    case 'init':
      return record.discarded ? [`[初始化，丢弃未打印的：${record.discarded}]`] : [];
    case 'statusRequest':
      return [];
  }
}
