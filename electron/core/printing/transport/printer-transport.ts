import type { PrinterCondition } from '../../../contract/printing';

/**
 * Why a transport gave up, in words for the clerk, and whether any byte of the job had left:
 * `partial` true means the printer may have printed part or all of it (the job ends `unknown`,
 * never resent by itself); false means certainly nothing was sent (`failed`, or `waiting` when
 * the printer is just away).
 */
export class PrinterIoError extends Error {
  constructor(
    message: string,
    readonly partial: boolean,
    /** `offline`: the printer is away (unplugged, off, unreachable); `error`: there but unusable (permission, busy). */
    readonly state: 'offline' | 'error' = 'offline',
  ) {
    super(message);
    this.name = 'PrinterIoError';
  }
}

/**
 * An open line to one printer (a serial port, a TCP connection, a device file, the OS queue).
 * One job at a time: the driver never calls `write` and `readCondition` concurrently.
 */
export interface PrinterConnection {
  /**
   * Sends bytes and resolves once the OS has taken them all (serial: drained; TCP: written and
   * flushed to the socket; file: written).
   * @throws PrinterIoError when the line fails (with `partial` true once any byte went out).
   */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * The printer's real-time state by `DLE EOT` 1, 2 and 4 (ESC/POS): input flushed before each
   * request, each answer awaited for at most `timeoutMs` and checked for the fixed bits of a
   * status byte (a late byte answering an earlier request is never read as the status).
   * Null when the transport has no way back (device file, OS queue).
   * @throws PrinterIoError when the printer does not answer (offline) or the line fails.
   */
  readCondition(timeoutMs: number): Promise<PrinterCondition | null>;
  /** Closes the line; safe twice. */
  close(): Promise<void>;
  /** Called once when the line closes or fails on its own (an unplug, the peer hanging up). */
  onClose(listener: (reason: string) => void): void;
}

/**
 * How to reach one configured printer. `open` may be called again after a connection closed (a
 * printer unplugged and plugged back in is reopened without restarting the app).
 */
export interface PrinterTransport {
  /** Where: `/dev/ttyUSB0`, `COM3`, `192.168.1.50:9100`, `/dev/usb/lp0`, `系统打印机 XP-80`. */
  readonly endpoint: string;
  /** Whether `readCondition` can answer (serial, TCP): the UI says so where it cannot. */
  readonly reportsCondition: boolean;
  /**
   * What `write` takes: ESC/POS bytes (serial, TCP, device file), or a UTF-8 HTML page laid out at
   * the paper's width (the OS print queue, printed by Electron; see thermal-html in transport/).
   */
  readonly accepts: 'escpos' | 'html';
  /**
   * Opens the line.
   * @throws PrinterIoError (nothing sent, `partial` false) with words: 未找到串口 …, 无法连接 ….
   */
  open(signal?: AbortSignal): Promise<PrinterConnection>;
}
