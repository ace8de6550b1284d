import { printerProfile } from '../printer-profile';
import { layoutThermal, type LayoutLine } from '../thermal/layout';
import { unitText } from '../thermal/print-units';
import { QR_QUIET_ZONE_MODULES, qrMatrix } from '../thermal/qr-raster';
import type { ReprintMark, ThermalDocument } from '../thermal/thermal-document';

/** Options of a thermal page for the OS print queue. */
export interface ThermalHtmlOptions {
  /** The roll's width: 58 or 80 mm. */
  widthMm: 58 | 80;
  /** Print it marked 补打 (a reprint of an issued document). */
  reprint?: ReprintMark | null;
}

/**
 * The head's printable width, mm: 48 mm of a 58 mm roll and 72 mm of an 80 mm one (384 and
 * 576 dots at 8 dots/mm, printer-profile.ts), which is what OS drivers of these printers print on.
 */
function printableMm(widthMm: 58 | 80): number {
  return widthMm === 58 ? 48 : 72;
}

/** Dots per millimetre of a 203 dpi thermal head. */
const DOTS_PER_MM = 8;
/**
 * One column of Font A (12 dots), mm: 1.5 on both widths (48 mm / 32, 72 mm / 48). A monospaced
 * font whose ASCII is half an em then needs a font size of two columns.
 */
const COLUMN_MM = 1.5;
const LINE_HEIGHT_MM = 3.75;

/** The `<meta>` that tells the host the page's size, mm (`80x123`): a roll has no fixed page length. */
export const PAPER_META_NAME = 'counter-thermal-paper';

/** `text` safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * A QR code as an inline SVG: one path of unit squares over the symbol's modules (the `qrcode`
 * package's matrix via thermal/qr-raster.ts, the same symbol the printer's raster mode prints),
 * with the quiet zone, `sizeMm` square.
 */
function qrSvg(payload: string, sizeMm: number): string {
  const { size, modules } = qrMatrix(payload);
  const span = size + 2 * QR_QUIET_ZONE_MODULES;
  let path = '';
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) {
      if (modules[row * size + col]) path += `M${col + QR_QUIET_ZONE_MODULES} ${row + QR_QUIET_ZONE_MODULES}h1v1h-1z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${span} ${span}" width="${sizeMm}mm" height="${sizeMm}mm" shape-rendering="crispEdges">` +
    `<rect width="${span}" height="${span}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}

function lineHtml(line: LayoutLine, widthMm: 58 | 80): { html: string; heightMm: number } {
  if (line.kind === 'qr') {
    const { size } = qrMatrix(line.payload);
    const sizeMm = Math.min(printableMm(widthMm), ((size + 2 * QR_QUIET_ZONE_MODULES) * line.moduleDots) / DOTS_PER_MM);
    return { html: `<div class="qr">${qrSvg(line.payload, sizeMm)}</div>`, heightMm: sizeMm };
  }
  const classes = [line.align, line.bold ? 'bold' : '', line.size === 2 ? 'big' : ''].filter((c) => c !== '').join(' ');
  const text = unitText(line.units);
  return { html: `<div class="${classes}">${text === '' ? '&#8203;' : escapeHtml(text)}</div>`, heightMm: LINE_HEIGHT_MM * line.size };
}

/**
 * A thermal document (receipt, queue ticket, test page) as a complete HTML page for a printer
 * that only has an OS driver: the same lines the ESC/POS renderer puts on paper (thermal/layout.ts,
 * laid out as if the font had every character, so a rare character stays itself and the OS font
 * draws it), in a monospaced CJK font at 1.5 mm a column, QR codes as inline SVG. Self-contained
 * (no script, no external resource); all text escaped. Its size in mm is in `<meta name=
 * "counter-thermal-paper" content="80x123">` and in `@page`.
 * @throws Error when a QR payload is not printable ASCII or does not fit the paper (layoutThermal).
 */
export function thermalHtml(doc: ThermalDocument, options: ThermalHtmlOptions): string {
  const profile = printerProfile({ paperWidthMm: options.widthMm, encoding: 'gb18030', qrMode: 'raster' });
  const lines = layoutThermal(doc, profile, { reprint: options.reprint ?? undefined });
  const parts = lines.map((line) => lineHtml(line, options.widthMm));
  const marginMm = 2;
  const heightMm = Math.ceil(parts.reduce((sum, part) => sum + part.heightMm, 0) + 2 * marginMm + 8);
  const sideMm = (options.widthMm - printableMm(options.widthMm)) / 2;
  const css = [
    `@page { size: ${options.widthMm}mm ${heightMm}mm; margin: 0; }`,
    'html, body { margin: 0; padding: 0; background: #fff; color: #000; }',
    `body { width: ${printableMm(options.widthMm)}mm; padding: ${marginMm}mm ${sideMm}mm; }`,
    // NSimSun (新宋体) is on every Chinese Windows and is exactly two ASCII widths per CJK character;
    // SimSun-ExtB draws the rare characters of CJK Extension B (𠮷); the others for Linux and macOS.
    `.paper { font-family: "NSimSun", "新宋体", "SimSun", "SimSun-ExtB", "Noto Sans Mono CJK SC", "Sarasa Mono SC", "WenQuanYi Zen Hei Mono", monospace; font-size: ${2 * COLUMN_MM}mm; line-height: ${LINE_HEIGHT_MM}mm; }`,
    '.paper div { white-space: pre; overflow: hidden; }',
    '.left { text-align: left; } .center { text-align: center; } .right { text-align: right; }',
    '.bold { font-weight: bold; }',
    `.big { font-size: ${4 * COLUMN_MM}mm; line-height: ${2 * LINE_HEIGHT_MM}mm; }`,
    '.qr { text-align: center; line-height: 0; } .qr svg { display: inline-block; }',
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<meta name="${PAPER_META_NAME}" content="${options.widthMm}x${heightMm}">`,
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>\n${css}\n</style></head>`,
    `<body><div class="paper">`,
    ...parts.map((part) => part.html),
    '</div></body></html>',
    '',
  ].join('\n');
}
