import type { SerialPort } from 'serialport';
import { ioFailure } from '../../devices/io-failure';
import { CloseNotice } from './close-notice';
import { PrinterIoError, type PrinterConnection, type PrinterTransport } from './printer-transport';
import { StatusExchange } from './status-exchange';

export interface SerialPrinterOptions {
  /** `/dev/ttyUSB0`, `/dev/serial/by-id/…`, `COM3`. */
  path: string;
  /** Bits per second: 9600, 19200, 38400 or 115200 (the printer's DIP switches say which). */
  baudRate: number;
  /** `rtscts`: hardware (RTS/CTS wires); `xonxoff`: software (the printer sends XOFF 0x13 when full); `none`. */
  flowControl: 'none' | 'rtscts' | 'xonxoff';
}

/** How long bytes already received are given to arrive (and be dropped) before a status request, ms. */
const INPUT_SETTLE_MS = 15;

/** What the clerk reads when the port goes away under us. */
export const SERIAL_GONE_WORDS = '串口已断开（打印机断电，或连接线、USB 转串口适配器被拔出）';

/**
 * The system error code behind a serialport error. The native binding puts the C library's
 * words in the message and no `code` (`Error: No such file or directory, cannot open …`;
 * Windows: `…: File not found`), so the code is read back from those words for io-failure.
 */
export function serialErrorCode(err: unknown): string | null {
  const message = err instanceof Error ? err.message : String(err);
  const known: Array<[RegExp, string]> = [
    [/No such file or directory|File not found/i, 'ENOENT'],
    [/Permission denied|Access denied/i, 'EACCES'],
    [/Cannot lock port|Resource busy|Device or resource busy/i, 'EBUSY'],
    [/Is a directory/i, 'EISDIR'],
    [/No such device/i, 'ENODEV'],
    [/Input\/output error/i, 'EIO'],
  ];
  for (const [words, code] of known) if (words.test(message)) return code;
  return null;
}

/** Words for a port that would not open, by what the OS said. */
function openFailure(path: string, err: unknown): PrinterIoError {
  const message = err instanceof Error ? err.message : String(err);
  if (/Inappropriate ioctl|not a typewriter/i.test(message)) {
    return new PrinterIoError(`“${path}” 不是串口设备，请检查打印机设置中的串口`, false, 'error');
  }
  const code = serialErrorCode(err);
  const failure = ioFailure(code === null ? err : { code });
  if (failure.state === 'offline') return new PrinterIoError(`未找到串口 ${path}（请检查连接线或 USB 转串口适配器）`, false, 'offline');
  return new PrinterIoError(`串口 ${path} 无法打开：${failure.reason}`, false, 'error');
}

/**
 * How long one write may take before the printer counts as stuck, ms: 5 s plus three times the
 * bytes' time on the line (10 bits a byte at `baudRate`). A printer holding flow control (paper
 * out under RTS/CTS, XOFF) would otherwise keep a drain waiting forever.
 */
export function serialWriteTimeoutMs(byteCount: number, baudRate: number): number {
  return 5000 + Math.ceil(((byteCount * 10) / baudRate) * 1000 * 3);
}

function callback(run: (done: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((err) => (err ? reject(err) : resolve())));
}

/**
 * A receipt printer on a serial port (RS-232, or USB seen as a serial port), by the serialport
 * package. The port stays open between jobs (it belongs to one program anyway); after an unplug
 * the driver opens it again (`open`), and a re-plugged adapter is found at the same path.
 */
export function serialTransport(options: SerialPrinterOptions): PrinterTransport {
  return {
    endpoint: options.path,
    reportsCondition: true,
    accepts: 'escpos',
    async open(signal?: AbortSignal): Promise<PrinterConnection> {
      if (signal?.aborted) throw new PrinterIoError('打开串口已取消', false, 'offline');
      // Loaded on first use: a native module, not needed by a window without a serial printer.
      const { SerialPort: Port } = await import('serialport');
      const port: SerialPort = new Port({
        path: options.path,
        baudRate: options.baudRate,
        rtscts: options.flowControl === 'rtscts',
        xon: options.flowControl === 'xonxoff',
        xoff: options.flowControl === 'xonxoff',
        autoOpen: false,
      });
      try {
        await callback((done) => port.open(done));
      } catch (err) {
        throw openFailure(options.path, err);
      }
      if (signal?.aborted) {
        port.close();
        throw new PrinterIoError('打开串口已取消', false, 'offline');
      }
      return serialConnection(port, options);
    },
  };
}

function serialConnection(port: SerialPort, options: SerialPrinterOptions): PrinterConnection {
  const notice = new CloseNotice();
  const exchange = new StatusExchange({
    send: async (bytes) => {
      await callback((done) => port.write(Buffer.from(bytes), done));
      await callback((done) => port.drain(done));
    },
    // Not port.flush(): it is tcflush(TCIOFLUSH), which also drops output not yet transmitted —
    // over a pty (and some USB adapters, whose drain returns before the wire is done) that is the
    // tail of the job just sent, cut and all. serialport has no input-only flush; the port is read
    // continuously, so what the OS holds reaches `received` within a poll and the exchange drops
    // it: a short settle lets it come.
    discardInput: () => new Promise((resolve) => setTimeout(resolve, INPUT_SETTLE_MS)),
  });
  port.on('data', (chunk: Buffer) => exchange.received(chunk));
  // Without a listener an unplug's error would be thrown from the stream; the close says it all.
  port.on('error', () => undefined);
  port.on('close', () => {
    exchange.closed(SERIAL_GONE_WORDS);
    notice.fire(SERIAL_GONE_WORDS);
  });

  /** Ends a port that failed or got stuck: pending output dropped first, so close does not wait for it. */
  const abandon = (reason: string): void => {
    exchange.closed(reason);
    notice.fire(reason);
    if (!port.isOpen) return;
    port.flush(() => {
      if (port.isOpen) port.close(() => undefined);
    });
  };

  return {
    async write(bytes: Uint8Array): Promise<void> {
      if (notice.closed || !port.isOpen) throw new PrinterIoError(notice.why ?? SERIAL_GONE_WORDS, false, 'offline');
      exchange.lineUsed(bytes);
      const timeoutMs = serialWriteTimeoutMs(bytes.length, options.baudRate);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PrinterIoError(`打印机 ${Math.round(timeoutMs / 1000)} 秒未接收数据（可能缺纸、上盖打开或流控设置不对）`, true, 'offline')), timeoutMs);
      });
      let stopHearing = (): void => undefined;
      const gone = new Promise<never>((_, reject) => {
        stopHearing = notice.listen((reason) => reject(new PrinterIoError(reason, true, 'offline')));
      });
      try {
        await Promise.race([
          (async () => {
            await callback((done) => port.write(Buffer.from(bytes), done));
            await callback((done) => port.drain(done));
          })(),
          stuck,
          gone,
        ]);
      } catch (err) {
        // Once write() was called the bytes may be on their way: whatever failed, it is partial.
        const failure = err instanceof PrinterIoError ? err : new PrinterIoError(SERIAL_GONE_WORDS, true, 'offline');
        abandon(failure.message);
        throw failure;
      } finally {
        clearTimeout(timer);
        stopHearing();
        // The race's losers must not become unhandled rejections.
        stuck.catch(() => undefined);
        gone.catch(() => undefined);
      }
    },
    async readCondition(timeoutMs: number) {
      if (notice.closed || !port.isOpen) throw new PrinterIoError(notice.why ?? SERIAL_GONE_WORDS, false, 'offline');
      return exchange.readCondition(timeoutMs);
    },
    async close(): Promise<void> {
      notice.quiet();
      exchange.closed('串口已关闭');
      if (!port.isOpen) return;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
    onClose(listener) {
      notice.listen(listener);
    },
  };
}
