import type { DocumentKind } from '../../../contract/printing';

/**
 * A thermal document as data: what a receipt, a queue ticket or a test page says, line by line,
 * before it meets a printer. It is what is stored as issued (JSON, hashed): a 补打 renders the
 * same blocks again, whatever the document builders say by then. Rendering it for a printer
 * (its width, its character set, QR by command or raster) is `renderThermal`
 * (thermal/render-thermal.ts); as preview text, `thermalPreviewLines`.
 *
 * Text is Unicode as stored (a citizen's name exactly as typed, 𠮷 included); widths are
 * counted by the renderer in columns (a CJK character is 2, ASCII 1).
 */
export type ThermalBlock =
  /** A paragraph: wrapped at the paper's width, never splitting a character. `size` 2 = double width and height. */
  | { kind: 'text'; text: string; align?: 'left' | 'center' | 'right'; bold?: boolean; size?: 1 | 2 }
  /** `label：value` with the value wrapped and its continuation lines indented under the value. */
  | { kind: 'field'; label: string; value: string; bold?: boolean }
  /** Two columns on one line (left flush left, right flush right); wraps the left part when both do not fit. */
  | { kind: 'pair'; left: string; right: string; bold?: boolean }
  /** A full-width rule of `-` (thin) or `=` (thick). */
  | { kind: 'rule'; style?: 'thin' | 'thick' }
  /** A QR code of an ASCII payload (byte mode, error correction M), centred, with an optional caption under it. */
  | { kind: 'qr'; payload: string; caption?: string; moduleSize?: number }
  /** Blank lines. */
  | { kind: 'feed'; lines: number }
  /** The test page's column ruler: `1234567890…` across the full width, plus a line of CJK columns. */
  | { kind: 'ruler' };

export interface ThermalDocument {
  kind: Extract<DocumentKind, 'acceptanceReceipt' | 'queueTicket' | 'testPage'>;
  /** What lists show for it: the case number on a receipt, the ticket number, `测试页`. */
  title: string;
  blocks: ThermalBlock[];
}

/** How a 补打 is marked on paper: a line at the top (`【补打】` and when). */
export interface ReprintMark {
  /** When the reprint was asked for, as the hall reads it: `2026-11-30 14:05`. */
  at: string;
}
