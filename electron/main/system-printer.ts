import { BrowserWindow, type WebContents, type WebContentsPrintOptions } from 'electron';
import type { HostAnswer, HostCall } from '../contract/host-protocol';
import type { HostLog } from './core-host';
import {
  a4PrintOptions,
  dataUrlOf,
  missingPrinterWords,
  NOTICE_PDF_OPTIONS,
  printFailureWords,
  thermalPrintOptions,
} from './system-print-options';

/** A failure already in words for the clerk (anything else is answered with general words and logged). */
class ClerkWords extends Error {}

/** How long one print or PDF may take in main before the core is told it failed, ms. */
const PRINT_TIMEOUT_MS = 60_000;

/**
 * Prints for the core (host-protocol `hostCall`): each page is loaded into a hidden, sandboxed
 * window with scripts off (the pages are self-contained HTML: text, CSS, inline SVG), printed
 * silently or rendered to PDF, and the window destroyed. One page at a time, in order: a second
 * hidden window gains nothing and two silent prints to one receipt printer could interleave.
 */
export function createSystemPrinter(log: HostLog): { handle(call: HostCall): Promise<HostAnswer> } {
  let queue: Promise<unknown> = Promise.resolve();
  const handle = (call: HostCall): Promise<HostAnswer> => {
    const run = queue.then(() => withTimeout(answer(call)));
    queue = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      log.error('printing for the core failed', { method: call.method, error: String(error) });
      return { ok: false, message: error instanceof ClerkWords ? error.message : '打印失败，请重试（原因见日志）' };
    });
  };
  return { handle };
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClerkWords(`打印 ${PRINT_TIMEOUT_MS / 1000} 秒未完成，请检查打印机`)), PRINT_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function answer(call: HostCall): Promise<HostAnswer> {
  switch (call.method) {
    case 'print':
      await withPage(call.html, (contents) => print(contents, call.printerName, thermalPrintOptions(call.html, call.printerName, call.widthMm)));
      return { ok: true };
    case 'printA4':
      await withPage(call.html, (contents) => print(contents, call.printerName, a4PrintOptions(call.printerName)));
      return { ok: true };
    case 'pdfOf': {
      const pdf = await withPage(call.html, (contents) => contents.printToPDF(NOTICE_PDF_OPTIONS));
      return { ok: true, pdfBase64: pdf.toString('base64') };
    }
  }
}

async function print(contents: WebContents, printerName: string, options: WebContentsPrintOptions): Promise<void> {
  const printers = await contents.getPrintersAsync();
  const missing = missingPrinterWords(
    printers.map((p) => p.name),
    printerName,
  );
  if (missing !== null) throw new ClerkWords(missing);
  await new Promise<void>((resolve, reject) => {
    contents.print(options, (success, failureReason) => (success ? resolve() : reject(new ClerkWords(printFailureWords(failureReason)))));
  });
}

async function withPage<T>(html: string, use: (contents: WebContents) => Promise<T>): Promise<T> {
  const window = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { sandbox: true, javascript: false, contextIsolation: true, nodeIntegration: false, spellcheck: false },
  });
  try {
    await window.loadURL(dataUrlOf(html));
    return await use(window.webContents);
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}
