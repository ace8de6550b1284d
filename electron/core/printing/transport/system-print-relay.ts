import type { HostAnswer, HostCall } from '../../../contract/host-protocol';
import { SystemPrintError, type SystemPrintHost } from './system-print-host';

/**
 * How long the core waits for main to print or make a PDF, ms. Silent printing hands the page to
 * the spooler within seconds; a main process that never answers must not leave a print job
 * `sending` for ever.
 */
export const HOST_CALL_TIMEOUT_MS = 120_000;

/** A SystemPrintHost that relays to Electron main (host-protocol `hostCall` / `hostAnswer`). */
export interface SystemPrintRelay {
  readonly host: SystemPrintHost;
  /** main's answer to call `id` (from a `hostAnswer` message); an unknown id is ignored. */
  answered(id: number, answer: HostAnswer): void;
}

/**
 * The core's side of printing through main: each call is sent with `send(id, call)` and settles
 * when `answered(id, …)` comes, or rejects after `timeoutMs` with words. Rejections are
 * SystemPrintErrors carrying main's words for the clerk and whether the page certainly never
 * reached the OS queue: main's own `notSent`, true when the call could not be handed to main, and
 * false at the time-out (main may be printing it still).
 */
export function systemPrintRelay(send: (id: number, call: HostCall) => void, timeoutMs = HOST_CALL_TIMEOUT_MS): SystemPrintRelay {
  let nextId = 1;
  const waiting = new Map<number, (answer: HostAnswer) => void>();

  const call = (request: HostCall): Promise<HostAnswer & { ok: true }> =>
    new Promise((resolve, reject) => {
      const id = nextId;
      nextId += 1;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new SystemPrintError(`打印程序 ${Math.round(timeoutMs / 1000)} 秒未响应，可能仍在打印，请查看打印机`, false));
      }, timeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.ok) resolve(answer);
        else reject(new SystemPrintError(answer.message, answer.notSent === true));
      });
      try {
        send(id, request);
      } catch (err) {
        clearTimeout(timer);
        waiting.delete(id);
        reject(new SystemPrintError(`无法把打印任务交给桌面程序：${err instanceof Error ? err.message : String(err)}`, true));
      }
    });

  return {
    host: {
      async print(html, options) {
        await call({ method: 'print', html, printerName: options.printerName, widthMm: options.widthMm });
      },
      async printA4(html, options) {
        await call({ method: 'printA4', html, printerName: options.printerName });
      },
      async pdfOf(html) {
        const answer = await call({ method: 'pdfOf', html });
        if (answer.pdfBase64 === undefined) throw new Error('桌面程序没有返回 PDF');
        return new Uint8Array(Buffer.from(answer.pdfBase64, 'base64'));
      },
    },
    answered(id, answer) {
      waiting.get(id)?.(answer);
    },
  };
}
