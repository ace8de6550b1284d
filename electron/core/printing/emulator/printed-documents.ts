import type { Bitmap, GlyphSource } from '../thermal/glyph-source';
import type { EscPosRecord, LineRecord, QrRecord, RasterRecord } from './escpos-records';

/** One piece of paper: the records between two cuts. */
export interface PrintedDocument {
  /** The text of each printed line in order (an inline image as its recognised character, else IMAGE_PLACEHOLDER). */
  lines: string[];
  lineRecords: LineRecord[];
  /** QR payloads, in order. */
  qr: string[];
  qrRecords: QrRecord[];
  rasters: RasterRecord[];
  /** Ended by a cut (false: the last piece, still on the printer). */
  cut: boolean;
  /** The widest line, in columns. */
  maxColumns: number;
  /** Characters that came as 4-byte GB18030 sequences (garbage on a GBK printer). */
  fourByte: string[];
  records: EscPosRecord[];
}

/**
 * The printed records cut into documents at each cut. A stretch without a line of text, an
 * image or a QR code (the `ESC @` after a cut, feeds) is no document. What follows the last cut
 * is a document (with `cut` false) only with `includeUncut`: while bytes are still arriving it is
 * half a receipt.
 */
export function printedDocuments(records: readonly EscPosRecord[], options: { includeUncut?: boolean } = {}): PrintedDocument[] {
  const docs: PrintedDocument[] = [];
  let current: EscPosRecord[] = [];
  const close = (cut: boolean) => {
    const lineRecords = current.filter((r): r is LineRecord => r.type === 'line');
    const qrRecords = current.filter((r): r is QrRecord => r.type === 'qr');
    const rasters = current.filter((r): r is RasterRecord => r.type === 'raster');
    const hasContent = lineRecords.some((l) => l.text.trim() !== '' || l.segments.length > 0) || qrRecords.length > 0 || rasters.length > 0;
    if (hasContent) {
      docs.push({
        lines: lineRecords.map((l) => l.text),
        lineRecords,
        qr: qrRecords.map((q) => q.payload),
        qrRecords,
        rasters,
        cut,
        maxColumns: Math.max(0, ...lineRecords.map((l) => l.columns)),
        fourByte: lineRecords.flatMap((l) => l.fourByte),
        records: current,
      });
    }
    current = [];
  };
  for (const record of records) {
    current.push(record);
    if (record.type === 'cut') close(true);
  }
  if (options.includeUncut) close(false);
  return docs;
}

/**
 * A `recogniseGlyph` for the decoder: names an inline image that is, dot for dot, the glyph
 * `glyphs` draws for one of `chars` at 24 dots (what the encoder sends for a character the
 * printer's font lacks). Tests use it with the app's own fonts, so 𠮷 reads back as 𠮷.
 */
export function glyphRecogniser(glyphs: GlyphSource, chars: readonly string[]): (bitmap: Bitmap) => string | null {
  const known = new Map<string, string>();
  for (const char of chars) {
    const glyph = glyphs.glyph(char, 24);
    if (glyph) known.set(bitmapKey(glyph), char);
  }
  return (bitmap) => known.get(bitmapKey(bitmap)) ?? null;
}

function bitmapKey(bitmap: Bitmap): string {
  return `${bitmap.width}x${bitmap.height}:${Buffer.from(bitmap.dots).toString('base64')}`;
}
