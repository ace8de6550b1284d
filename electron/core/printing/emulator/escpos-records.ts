import type { Bitmap } from '../thermal/glyph-source';

/**
 * What a receipt printer makes of an ESC/POS byte stream, as data: the records the virtual
 * printer decodes (escpos-decoder.ts), writes as JSON lines and shows as text. Units: columns of
 * Font A (12 dots; a 2-byte GBK/GB18030 character is 2 columns), dots (203 dpi), bytes.
 */
export type Alignment = 'left' | 'center' | 'right';

/** A run of text on one paper line, in one style. */
export interface TextSegment {
  kind: 'text';
  /** Decoded: GB18030 while `FS &` Chinese mode was on, else the single-byte code page (CP437). */
  text: string;
  /** Columns on paper: ASCII 1, a 2-byte character 2, a 4-byte GB18030 sequence 2, each times the width magnification. */
  columns: number;
  bold: boolean;
  /** Character magnification (`GS !` / `ESC !`): 1 normal, 2 double … */
  width: number;
  height: number;
}

/** An inline bit image (`ESC * m nL nH d…`) in the line buffer: a raster glyph of a rare character, say. */
export interface ImageSegment {
  kind: 'image';
  /** Dots as sent (`ESC * 33`: n columns × 24 rows). */
  bitmap: Bitmap;
  /** Width on paper in dots (modes 0 and 32 print each column twice as wide). */
  dotsWide: number;
  /** `dotsWide / 12`: the columns of Font A it takes. */
  columns: number;
  /** The character it shows, when the decoder's `recogniseGlyph` knew it; else null. */
  glyph: string | null;
}

export type LineSegment = TextSegment | ImageSegment;

/** The character standing for an image the decoder could not name, in `LineRecord.text`. */
export const IMAGE_PLACEHOLDER = '\uFFFC';

/** One printed line (ended by LF, `ESC d` or `ESC J`). */
export interface LineRecord {
  type: 'line';
  /** Segments joined; an unrecognised inline image is IMAGE_PLACEHOLDER. */
  text: string;
  /** `ESC a` as it stood when the line began (ESC/POS applies it only at the start of a line). */
  align: Alignment;
  /** Every text segment with visible characters was bold (and there was one). */
  bold: boolean;
  /** The largest width magnification on the line. */
  size: number;
  /** Columns the line takes on paper (segments summed): what must not exceed 32 (58 mm) or 48 (80 mm). */
  columns: number;
  segments: LineSegment[];
  /** Characters that came as 4-byte GB18030 sequences: a GBK printer's font lacks them and prints garbage. */
  fourByte: string[];
  /** Flushed by something other than a print-and-feed (a cut, a raster, the end of the stream). */
  unterminated?: true;
}

/** A raster block (`GS v 0`): consecutive bands of the same width and alignment joined into one image. */
export interface RasterRecord {
  type: 'raster';
  align: Alignment;
  /** In dots: bytes per row × 8, and rows. */
  width: number;
  height: number;
  /** `GS v 0` m: 0 normal, 1 double width, 2 double height, 3 quadruple. */
  scale: number;
  /** How many `GS v 0` commands made it. */
  bands: number;
  bitmap: Bitmap;
}

/** A QR code printed by `GS ( k` cn 49 fn 81, with the payload stored before by fn 80. */
export interface QrRecord {
  type: 'qr';
  align: Alignment;
  /** The stored symbol data as Latin-1 text (payloads are ASCII); '' when nothing was stored. */
  payload: string;
  /** fn 67: module size in dots (printer default 3). */
  moduleSize: number;
  /** fn 69: L, M, Q or H. */
  correction: 'L' | 'M' | 'Q' | 'H';
  /** fn 65: model 1 or 2 (or 3: micro QR). */
  model: number;
}

/** A cut: `GS V` (full or partial), or the old `ESC i` (full) / `ESC m` (partial). */
export interface CutRecord {
  type: 'cut';
  partial: boolean;
  /** `GS V 65/66 n`: dots fed before cutting. */
  feedDots?: number;
}

/** Paper fed: `ESC d n` (lines) or `ESC J n` (dots). */
export interface FeedRecord {
  type: 'feed';
  lines?: number;
  dots?: number;
}

/** `ESC @`: modes reset, the print buffer cleared (text still in it is not printed: `discarded`). */
export interface InitRecord {
  type: 'init';
  discarded?: string;
}

/** A request the printer answers at once: `DLE EOT n` (real-time status) or `GS r n` (transmit status). */
export interface StatusRequestRecord {
  type: 'statusRequest';
  command: 'DLE EOT' | 'GS r';
  n: number;
}

/** Anything else: recorded with its bytes, never fatal. */
export interface UnknownRecord {
  type: 'unknown';
  /** The bytes taken as that command, hex, space separated (at most 32 bytes shown). */
  hex: string;
  /** What it was taken for: a known command left unused (`ESC t`), or why it was not understood. */
  note: string;
}

export type EscPosRecord = LineRecord | RasterRecord | QrRecord | CutRecord | FeedRecord | InitRecord | StatusRequestRecord | UnknownRecord;

/** Records that put something on (or through) paper: a printer that cannot print holds them. */
export function isPrintingRecord(record: EscPosRecord): boolean {
  return record.type === 'line' || record.type === 'raster' || record.type === 'qr' || record.type === 'cut' || record.type === 'feed';
}
