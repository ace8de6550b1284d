import { PrinterIoError, type PrinterConnection, type PrinterTransport } from './printer-transport';
import { NO_SYSTEM_PRINT_WORDS, SystemPrintError, type SystemPrintHost } from './system-print-host';

export interface SystemQueueOptions {
  /** The printer's name in the OS; '' the system's default printer. */
  printerName: string;
  widthMm: 58 | 80;
}

/**
 * A receipt printer that only has an OS driver (Windows): each job is an HTML page at the
 * paper's width (thermal-html.ts), written as UTF-8, printed by the host silently. No way back:
 * `readCondition` is null and the UI says so. Without a host (the browser shell) `open` fails
 * with words saying why.
 */
export function systemQueueTransport(options: SystemQueueOptions, host: SystemPrintHost | null): PrinterTransport {
  return {
    endpoint: `系统打印机 ${options.printerName === '' ? '（默认打印机）' : options.printerName}`,
    reportsCondition: false,
    accepts: 'html',
    async open(signal?: AbortSignal): Promise<PrinterConnection> {
      if (host === null) throw new PrinterIoError(NO_SYSTEM_PRINT_WORDS, false, 'error');
      if (signal?.aborted) throw new PrinterIoError('打印已取消', false, 'offline');
      let closed = false;
      return {
        async write(bytes: Uint8Array): Promise<void> {
          if (closed) throw new PrinterIoError('打印连接已关闭', false, 'offline');
          let html: string;
          try {
            html = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          } catch {
            // ESC/POS bytes sent here by mistake would print as garbage: refuse them whole.
            throw new PrinterIoError('发给系统打印队列的不是网页（UTF-8 HTML），未打印', false, 'error');
          }
          try {
            await host.print(html, { printerName: options.printerName, widthMm: options.widthMm });
          } catch (err) {
            // Only a failure the host knows came before the OS took the page (no such printer) is
            // "not sent"; a time-out or a spooler failure may still print: partial (`unknown`), so
            // 重新打印 cannot print it twice.
            const notSent = err instanceof SystemPrintError && err.notSent;
            throw new PrinterIoError(err instanceof Error ? err.message : String(err), !notSent, 'error');
          }
        },
        async readCondition() {
          return null;
        },
        async close() {
          closed = true;
        },
        // The OS queue has no line of ours that could close on its own.
        onClose() {},
      };
    },
  };
}
