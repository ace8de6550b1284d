import { BrowserWindow, type WebContents, type WebContentsPrintOptions } from 'electron';
import type { HostAnswer, HostCall } from '../contract/host-protocol';
import type { HostLog } from './core-host';
import { createPrintQueue, PrintFailure } from './print-queue';
import {
  a4PrintOptions,
  dataUrlOf,
  pageLoadOptions,
  missingPrinterWords,
  NOTICE_PDF_OPTIONS,
  printFailureWords,
  thermalPrintOptions,
} from './system-print-options';

/** How long one print or PDF may take in main before the core is told it is not finished, ms. */
const PRINT_TIMEOUT_MS = 60_000;
/**
 * How long a print waits behind an earlier one still printing before it gives up unprinted, ms:
 * longer than PRINT_TIMEOUT_MS (a slow print before it is not a stuck one) and below the core's
 * own 120 s (system-print-relay.ts), so main answers "not sent" before the core gives up.
 */
const QUEUE_WAIT_MS = 90_000;

/**
 * Prints for the core (host-protocol `hostCall`): each page is loaded into a hidden, sandboxed
 * window with scripts off (the pages are self-contained HTML: text, CSS, inline SVG), printed
 * silently or rendered to PDF, and the window destroyed. One page at a time, in order: a second
 * hidden window gains nothing and two silent prints to one receipt printer could interleave.
 */
export function createSystemPrinter(log: HostLog): { handle(call: HostCall): Promise<HostAnswer> } {
  // A print answered as timed out may still be printing: the next starts at its real end (print-queue.ts).
  const inTurn = createPrintQueue({ workTimeoutMs: PRINT_TIMEOUT_MS, waitTimeoutMs: QUEUE_WAIT_MS });
  const handle = (call: HostCall): Promise<HostAnswer> =>
    inTurn(() => answer(call)).catch((error: unknown): HostAnswer => {
      log.error('printing for the core failed', { method: call.method, error: String(error) });
      // Only what main knows came before the OS queue is "not sent"; anything else may have printed.
      if (error instanceof PrintFailure) return { ok: false, message: error.message, notSent: error.notSent };
      return { ok: false, message: '打印失败，请查看打印机（原因见日志）', notSent: false };
    });
  return { handle };
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
  if (missing !== null) throw new PrintFailure(missing, true);
  await new Promise<void>((resolve, reject) => {
    // The spooler may have taken part of the page before failing: not "not sent".
    contents.print(options, (success, failureReason) => (success ? resolve() : reject(new PrintFailure(printFailureWords(failureReason), false))));
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
    try {
      // Based at the app's own origin, so the page's url('/fonts/…') (the rare-character fonts) resolve.
      await window.loadURL(dataUrlOf(html), pageLoadOptions());
    } catch (err) {
      throw new PrintFailure(`打印页面无法载入：${err instanceof Error ? err.message : String(err)}`, true);
    }
    return await use(window.webContents);
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}
