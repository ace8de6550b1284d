import type { PrinterCondition } from '../../../contract/printing';
import { PrinterIoError } from './printer-transport';
import {
  conditionOf,
  isStatusByte,
  parseErrorCause,
  parseOfflineCause,
  parsePaperSensor,
  parsePrinterStatus,
  statusRequest,
  type ErrorCause,
  type StatusRequest,
} from './status-bytes';

/** The line a StatusExchange asks over (a serial port, a TCP socket). */
export interface StatusLine {
  /** Sends the request and resolves once the OS has taken it (serial: drained). */
  send(bytes: Uint8Array): Promise<void>;
  /**
   * Lets whatever was received before the request reach `received` (to be dropped). Never a
   * flush of the output: the tail of the job just sent may still be on its way.
   */
  discardInput(): Promise<void>;
}

/** What the clerk reads when a printer does not answer `DLE EOT`. */
export const NO_ANSWER_WORDS = '打印机无应答（未开机、已脱机或连接线松动）';
/** What the clerk reads when bytes came back but none was a status byte. */
export const GARBLED_ANSWER_WORDS = '打印机的应答无法识别（请检查波特率，或此打印机不支持 ESC/POS 状态查询）';

/** Whether `bytes` hold `DLE EOT` (0x10 0x04), which a printer answers wherever it comes. */
export function holdsStatusRequest(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x10); i >= 0 && i < bytes.length - 1; i = bytes.indexOf(0x10, i + 1)) {
    if (bytes[i + 1] === 0x04) return true;
  }
  return false;
}

/** The least time a late answer is waited out after a time-out, ms. */
const MIN_STALE_WINDOW_MS = 300;

/**
 * `DLE EOT` over a two-way line: the real-time status requests one at a time, each answered by
 * one status byte. Bytes the line receives are handed to `received`.
 *
 * Stale answers (issue 14, "What breaks in the field"): a printer that answers a request after we
 * gave up on it would otherwise have its late byte read as the answer to the next request (it has
 * the same fixed bits). So before each request what came before is dropped, and after a
 * time-out the next request first waits out a window of `max(timeoutMs, 300)` ms from the time-out,
 * discarding whatever arrives in it. Bytes that are not status bytes (XON/XOFF, ASB packets,
 * noise) are skipped, never read as a status.
 *
 * The line's settle (`discardInput`, a short wait) is spent only when the line is not known
 * clean: before the first request, after a time-out, after any byte came that was not the answer
 * asked for (unasked between exchanges, noise, or more than one byte), and after a job whose
 * bytes hold `DLE EOT` (`lineUsed`: a printer obeys real-time commands anywhere in the stream, so
 * a raster band holding 0x10 0x04 n draws a status byte nobody asked for; nothing else a job can
 * hold draws a byte that passes isStatusByte — XON/XOFF and ASB packets fail its fixed bits —
 * and our jobs never enable ASB or ask GS r). After a request answered by
 * exactly its one byte with nothing sent or received since, nothing can be pending, so the next
 * request goes at once: the condition read before a job (the line was settled by the read after
 * the previous job) costs three round trips, not three settles — issue 14's first-byte target.
 */
export class StatusExchange {
  private inbox: number[] = [];
  private accepting = false;
  private wake: (() => void) | null = null;
  private closedReason: string | null = null;
  /** Until when (Date.now ms) a late answer to a timed-out request may still arrive. */
  private staleUntil = 0;
  /** True while every byte received since the last request was exactly that request's answer. */
  private lineClean = false;

  constructor(private readonly line: StatusLine) {}

  /** Bytes the line received (all of them: the exchange keeps only those it asked for). */
  received(chunk: Uint8Array): void {
    if (!this.accepting) {
      // Unasked: what else may be on its way is unknown, so the next request settles the line first.
      if (chunk.length > 0) this.lineClean = false;
      return;
    }
    for (const byte of chunk) this.inbox.push(byte);
    this.wake?.();
  }

  /**
   * A job's `bytes` are going down the line: when they hold `DLE EOT` (0x10 0x04, e.g. inside a
   * raster band) the printer may answer it, so the next request settles the line first and that
   * answer is dropped, never read as the status.
   */
  lineUsed(bytes: Uint8Array): void {
    if (holdsStatusRequest(bytes)) this.lineClean = false;
  }

  /** The line closed: a waiting request fails at once with these words. */
  closed(reason: string): void {
    this.closedReason = reason;
    this.wake?.();
  }

  /**
   * The printer's condition by `DLE EOT` 1, 2, 4 (and 3 when 2 reports an error, for its words).
   * @throws PrinterIoError offline (partial false) when an answer does not come within `timeoutMs`,
   *   or the line closed.
   */
  async readCondition(timeoutMs: number): Promise<PrinterCondition> {
    const status = parsePrinterStatus(await this.ask(1, timeoutMs));
    const offline = parseOfflineCause(await this.ask(2, timeoutMs));
    const paper = parsePaperSensor(await this.ask(4, timeoutMs));
    let errorCause: ErrorCause | null = null;
    if (offline.error) {
      // Not every printer knows DLE EOT 3; the generic words do without it.
      try {
        errorCause = parseErrorCause(await this.ask(3, timeoutMs));
      } catch (err) {
        if (!(err instanceof PrinterIoError) || this.closedReason !== null) throw err;
      }
    }
    return conditionOf(status, offline, paper, errorCause);
  }

  private async ask(n: StatusRequest, timeoutMs: number): Promise<number> {
    this.failIfClosed();
    const wait = this.staleUntil - Date.now();
    if (wait > 0) {
      // A late answer may still be on its way: let it come and be dropped (accepting is false).
      await new Promise((resolve) => setTimeout(resolve, wait));
      this.failIfClosed();
    }
    const settle = !this.lineClean;
    this.lineClean = false;
    this.inbox = [];
    if (settle) {
      try {
        await this.line.discardInput();
      } catch {
        throw new PrinterIoError(this.closedReason ?? NO_ANSWER_WORDS, false, 'offline');
      }
    }
    this.inbox = [];
    // Accepting before sending: on a pty (or a fast printer) the answer can beat the send's callback.
    this.accepting = true;
    let sawOther = false;
    const deadline = Date.now() + timeoutMs;
    try {
      // The request's own send counts against the time-out: a line whose far end is gone (a pty
      // with nobody reading, a printer holding CTS) can leave it undrained for ever, without error.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.line.send(statusRequest(n)).then(
          () => true,
          () => {
            throw new PrinterIoError(this.closedReason ?? NO_ANSWER_WORDS, false, 'offline');
          },
        ),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      // Sent or not in time, an answer already in (a pty answers before the drain) counts below.
      for (;;) {
        while (this.inbox.length > 0) {
          const byte = this.inbox.shift() as number;
          if (isStatusByte(byte)) {
            this.lineClean = !sawOther && this.inbox.length === 0;
            return byte;
          }
          sawOther = true;
        }
        this.failIfClosed();
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    } finally {
      this.accepting = false;
      this.wake = null;
    }
    this.staleUntil = Date.now() + Math.max(timeoutMs, MIN_STALE_WINDOW_MS);
    throw new PrinterIoError(sawOther ? GARBLED_ANSWER_WORDS : NO_ANSWER_WORDS, false, sawOther ? 'error' : 'offline');
  }

  private failIfClosed(): void {
    if (this.closedReason !== null) throw new PrinterIoError(this.closedReason, false, 'offline');
  }
}
