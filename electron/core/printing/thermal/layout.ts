import type { PrinterProfile } from '../printer-profile';
import { printUnits, spaceUnits, unitColumns, type GlyphLookup, type PrintUnit } from './print-units';
import { NATIVE_QR_MODULE_DOTS } from './escpos-commands';
import { fittingModuleDots, qrSymbolSize } from './qr-raster';
import type { ReprintMark, ThermalBlock, ThermalDocument } from './thermal-document';
import { wrapUnits } from './wrap';

/** Justification of a line (`ESC a`). */
export type LineAlign = 'left' | 'center' | 'right';

/**
 * One line of paper before it becomes bytes or preview text: print units with their
 * justification, emphasis and size (2 = `GS !` double width and height: every unit takes twice
 * its columns), or a QR symbol (its payload and module size in dots, already fitted to the paper).
 */
export type LayoutLine =
  | { kind: 'text'; units: PrintUnit[]; align: LineAlign; bold: boolean; size: 1 | 2 }
  | { kind: 'qr'; payload: string; moduleDots: number };

/** Options of a layout: the 补打 mark, and how characters outside the font are drawn (see `printUnits`). */
export interface LayoutOptions {
  reprint?: ReprintMark | undefined;
  lookup?: GlyphLookup | undefined;
}

/** Module size of a QR code when the block does not say (dots; 6 keeps a lookup URL readable on 58 mm). */
export const DEFAULT_QR_MODULE_DOTS = 6;

const RULER_DIGITS = '1234567890';
const RULER_CJK = '一二三四五六七八九十';

function assertQrPayload(payload: string): void {
  // The printer's QR command and the lookup page take ASCII; anything else is the caller's bug.
  if (!/^[\x20-\x7e]+$/.test(payload)) throw new Error(`QR payload must be non-empty printable ASCII: ${JSON.stringify(payload)}`);
}

function textLines(units: PrintUnit[], width: number, align: LineAlign, bold: boolean, size: 1 | 2): LayoutLine[] {
  return wrapUnits(units, width).map((line) => ({ kind: 'text', units: line, align, bold, size }));
}

function fieldLines(block: Extract<ThermalBlock, { kind: 'field' }>, columns: number, lookup: GlyphLookup | undefined, profile: PrinterProfile): LayoutLine[] {
  const bold = block.bold ?? false;
  const prefix = printUnits(`${block.label}：`, profile.encoding, lookup);
  const value = printUnits(block.value, profile.encoding, lookup);
  const indent = unitColumns(prefix);
  // A label so long that the value would be squeezed into a sliver: the value goes under it.
  if (columns - indent < Math.min(12, columns / 2)) {
    return [...textLines(prefix, columns, 'left', bold, 1), ...textLines([...spaceUnits(2), ...value], columns, 'left', bold, 1)];
  }
  const wrapped = wrapUnits(value, columns - indent);
  return wrapped.map((line, index) => ({
    kind: 'text',
    units: [...(index === 0 ? prefix : spaceUnits(indent)), ...line],
    align: 'left',
    bold,
    size: 1,
  }));
}

function pairLines(block: Extract<ThermalBlock, { kind: 'pair' }>, columns: number, lookup: GlyphLookup | undefined, profile: PrinterProfile): LayoutLine[] {
  const bold = block.bold ?? false;
  const left = printUnits(block.left, profile.encoding, lookup);
  const right = printUnits(block.right, profile.encoding, lookup);
  const rightColumns = unitColumns(right);
  const line = (units: PrintUnit[]): LayoutLine => ({ kind: 'text', units, align: 'left', bold, size: 1 });
  if (rightColumns > columns / 2) {
    // The right part alone takes most of the line: both parts get whole lines, right still flush right.
    const rights = wrapUnits(right, columns).map((units) => line([...spaceUnits(columns - unitColumns(units)), ...units]));
    return [...wrapUnits(left, columns).map(line), ...rights];
  }
  const lefts = wrapUnits(left, columns - rightColumns - 1);
  const first = lefts[0] ?? [];
  return [line([...first, ...spaceUnits(columns - unitColumns(first) - rightColumns), ...right]), ...lefts.slice(1).map(line)];
}

function rulerLines(columns: number, profile: PrinterProfile): LayoutLine[] {
  const digits = Array.from({ length: columns }, (_, i) => RULER_DIGITS[i % 10]).join('');
  const cjk = Array.from({ length: Math.floor(columns / 2) }, (_, i) => RULER_CJK[i % 10]).join('');
  return [digits, cjk].map((text) => ({ kind: 'text', units: printUnits(text, profile.encoding), align: 'left', bold: false, size: 1 }));
}

function blockLines(block: ThermalBlock, profile: PrinterProfile, lookup: GlyphLookup | undefined): LayoutLine[] {
  const columns = profile.columns;
  switch (block.kind) {
    case 'text': {
      const size = block.size ?? 1;
      const width = size === 2 ? Math.floor(columns / 2) : columns;
      return block.text
        .split(/\r?\n/)
        .flatMap((paragraph) => textLines(printUnits(paragraph, profile.encoding, lookup), width, block.align ?? 'left', block.bold ?? false, size));
    }
    case 'field':
      return fieldLines(block, columns, lookup, profile);
    case 'pair':
      return pairLines(block, columns, lookup, profile);
    case 'rule':
      return textLines(printUnits((block.style === 'thick' ? '=' : '-').repeat(columns), profile.encoding), columns, 'left', false, 1);
    case 'ruler':
      return rulerLines(columns, profile);
    case 'feed':
      return Array.from({ length: Math.max(0, Math.floor(block.lines)) }, (): LayoutLine => ({ kind: 'text', units: [], align: 'left', bold: false, size: 1 }));
    case 'qr': {
      assertQrPayload(block.payload);
      const moduleDots = fittingModuleDots(
        qrSymbolSize(block.payload.length),
        // The same size whichever way the QR is sent: `GS ( k` as node-thermal-printer writes it takes 1–8.
        Math.min(NATIVE_QR_MODULE_DOTS.max, block.moduleSize ?? DEFAULT_QR_MODULE_DOTS),
        profile.dotsPerLine,
      );
      const caption = block.caption === undefined ? [] : textLines(printUnits(block.caption, profile.encoding, lookup), columns, 'center', false, 1);
      return [{ kind: 'qr', payload: block.payload, moduleDots }, ...caption];
    }
  }
}

/**
 * The lines of `doc` on a printer with `profile`: the 补打 mark first when asked for, then every
 * block, wrapped to the paper (no text line wider than `profile.columns`, size-2 units counted
 * double). Throws when a QR payload is not printable ASCII or does not fit the paper.
 */
export function layoutThermal(doc: ThermalDocument, profile: PrinterProfile, options: LayoutOptions = {}): LayoutLine[] {
  const lines: LayoutLine[] = [];
  if (options.reprint) {
    lines.push(...textLines(printUnits(`【补打】 ${options.reprint.at}`, profile.encoding, options.lookup), profile.columns, 'center', true, 1));
  }
  for (const block of doc.blocks) lines.push(...blockLines(block, profile, options.lookup));
  return lines;
}
