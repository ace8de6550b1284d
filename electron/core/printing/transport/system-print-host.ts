/**
 * Printing through the operating system, which only the desktop shell can do (Electron's
 * webContents in the main process): the core, plain Node in its own process, is given this by
 * its host (CoreOptions.systemPrintHost; electron/core/host/utility-process-entry.ts relays each
 * call to main over host-protocol's `hostCall`). The browser shell has none: the browser prints
 * the preview page with its own dialog.
 *
 * Every method rejects with an Error whose message is words for the clerk
 * (`找不到打印机“XP-80”`, `打印失败：…`); a SystemPrintError says whether the page certainly never
 * reached the OS queue (any other Error: it may have).
 */
export interface SystemPrintHost {
  /**
   * A thermal document laid out as an HTML page (thermal-html.ts) sent to an OS printer queue,
   * silently, on paper `widthMm` wide. Resolves once the queue took the job (the OS says nothing
   * of paper or cover afterwards). `printerName` '' is the system's default printer.
   */
  print(html: string, options: { printerName: string; widthMm: 58 | 80 }): Promise<void>;
  /** An A4 notice (a complete HTML page) sent to an OS printer, silently; '' the default printer. */
  printA4(html: string, options: { printerName: string }): Promise<void>;
  /** The page rendered as an A4 PDF by Chromium (printToPDF): the file's bytes. */
  pdfOf(html: string): Promise<Uint8Array>;
}

/**
 * A SystemPrintHost failure: words for the clerk, and `notSent` true only when the page is known
 * never to have reached the OS print queue (no such printer …). A time-out or a failure the
 * spooler reported is `notSent` false: the page may be printing (the job ends `unknown`).
 */
export class SystemPrintError extends Error {
  constructor(
    message: string,
    readonly notSent: boolean,
  ) {
    super(message);
    this.name = 'SystemPrintError';
  }
}

/** What a printer on the OS queue says in the browser shell, where there is no such host. */
export const NO_SYSTEM_PRINT_WORDS = '浏览器模式下不能使用系统打印队列：请在桌面程序中打印，或把打印机改为串口、网络或设备文件连接';
