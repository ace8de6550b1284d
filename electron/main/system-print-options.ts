import type { PrintToPDFOptions, WebContentsPrintOptions } from 'electron';
import { APP_ORIGIN } from './navigation-policy';

/**
 * The pure half of printing through the OS (system-printer.ts does the Electron calls): which
 * options each print gets, and the words a clerk reads when it cannot happen. Kept apart so it
 * is tested in Node.
 */

/** The `<meta>` a thermal page carries its size in (`80x123`, mm); the core's thermal-html.ts writes it. */
export const THERMAL_PAPER_META = 'counter-thermal-paper';

/** A roll has no page length: when a page does not say its own, this much, mm (an A4's height). */
const FALLBACK_ROLL_LENGTH_MM = 297;

/**
 * How a page to print is loaded: as a `data:` URL based at the app's own origin (app://counter/,
 * whose protocol handler serves resources/fonts at /fonts/), so a notice's
 * `url('/fonts/HanaMinB.ttf')` resolves and rare characters print in the app's fonts, not a
 * fallback (a bare `data:` document has no base to resolve them against).
 */
export function pageLoadOptions(): { baseURLForDataURL: string } {
  return { baseURLForDataURL: `${APP_ORIGIN}/` };
}

/** A page as a `data:` URL (base64, so `#` and `%` in the text survive). */
export function dataUrlOf(html: string): string {
  return `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
}

/**
 * The paper of a thermal page, in microns as webContents.print takes it: `widthMm` wide and as
 * long as the page says in its `<meta name="counter-thermal-paper" content="WxH">` (so the roll
 * is cut after the content, not after a sheet's length), else 297 mm.
 */
export function thermalPageSize(html: string, widthMm: 58 | 80): { width: number; height: number } {
  const meta = new RegExp(`<meta name="${THERMAL_PAPER_META}" content="(\\d+)x(\\d+)">`).exec(html);
  const heightMm = meta ? Number(meta[2]) : FALLBACK_ROLL_LENGTH_MM;
  return { width: widthMm * 1000, height: Math.max(10, Math.min(heightMm, 3000)) * 1000 };
}

/**
 * Options of a silent print of a thermal page: no dialog, no margins (the page has its own), on
 * the named printer ('' the system's default).
 */
export function thermalPrintOptions(html: string, printerName: string, widthMm: 58 | 80): WebContentsPrintOptions {
  return {
    silent: true,
    printBackground: true,
    color: false,
    margins: { marginType: 'none' },
    pageSize: thermalPageSize(html, widthMm),
    ...(printerName === '' ? {} : { deviceName: printerName }),
  };
}

/** Options of a silent print of an A4 notice on the named printer ('' the default); margins are the page's `@page`. */
export function a4PrintOptions(printerName: string): WebContentsPrintOptions {
  return {
    silent: true,
    printBackground: true,
    pageSize: 'A4',
    margins: { marginType: 'none' },
    ...(printerName === '' ? {} : { deviceName: printerName }),
  };
}

/** Options of an issued notice's PDF: A4 unless the page's `@page` says otherwise, backgrounds kept. */
export const NOTICE_PDF_OPTIONS: PrintToPDFOptions = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
};

/**
 * Why a print cannot go to `wanted` among the OS's printers (their names), or null when it can.
 * '' is the system's default printer: any printer will do.
 */
export function missingPrinterWords(available: readonly string[], wanted: string): string | null {
  if (available.length === 0) return '本机没有安装打印机，请先在系统中添加打印机';
  if (wanted === '' || available.includes(wanted)) return null;
  const shown = available.slice(0, 5).map((name) => `“${name}”`).join('、');
  return `找不到打印机“${wanted}”，请在设置中改为本机已有的打印机：${shown}${available.length > 5 ? ' 等' : ''}`;
}

/** Words for webContents.print's failure reason (`cancelled`, `failed`, or Chromium's own text). */
export function printFailureWords(failureReason: string): string {
  if (failureReason === 'cancelled') return '打印已取消';
  if (failureReason === 'failed' || failureReason.trim() === '') return '打印失败，请检查打印机是否开机、有纸';
  return `打印失败：${failureReason}`;
}
