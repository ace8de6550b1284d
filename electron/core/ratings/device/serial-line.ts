import type { SerialPort } from 'serialport';
import { ioFailure } from '../../devices/io-failure';
import { serialErrorCode } from '../../printing/transport/serial-transport';

/**
 * One open serial port as the rating drivers use it: bytes in, bytes out, and one notice when it is
 * gone. Every operation is bounded in time (issue 15, "What breaks in the field": a pulled USB
 * adapter often raises no close event, and a write may neither fail nor drain), and an operation
 * that overruns its bound abandons the handle: the line counts as gone, and the driver opens a new
 * one rather than wait on the old.
 */
export interface SerialLine {
  /** The path it was opened at (`/dev/ttyUSB0`, `COM3`). */
  readonly path: string;
  /** False once the line is gone (closed, failed, abandoned). */
  readonly alive: boolean;
  /**
   * Writes and drains `bytes`.
   * @throws SerialLineError (offline) when the line is gone, the write fails, or write + drain take
   *   longer than the bound (the handle is then abandoned).
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes within the bound; never throws (a hung close abandons the handle). */
  close(): Promise<void>;
  /** Each chunk as it arrives. */
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once, with words for the clerk, when the line goes away by itself (not after close()). */
  onGone(listener: (reason: string) => void): void;
}

/** Opens `path` at `baudRate` 8N1. @throws SerialLineError with words for the clerk. */
export type SerialLineOpener = (path: string, baudRate: number) => Promise<SerialLine>;

/**
 * A serial line that failed. `state`: what the status bar shows (offline: expected back by itself;
 * error: someone must act). `busy`: "Access denied"/EBUSY, which right after a replug only means the
 * old handle is not destroyed yet, so it is retried like an absent port.
 */
export class SerialLineError extends Error {
  constructor(
    message: string,
    readonly state: 'offline' | 'error',
    readonly busy = false,
  ) {
    super(message);
    this.name = 'SerialLineError';
  }
}

/** What the clerk reads when the port goes away under the driver. */
export const LINE_GONE_WORDS = '串口已断开（评价器断电，或连接线、USB 转串口适配器被拔出）';

/** What the clerk reads when the port's name now leads to another device node (unplugged and plugged in again faster than a presence check). */
export const LINE_REPLUGGED_WORDS = '串口已被重新插拔，正在重新打开';

/** Bounds on the line's operations, ms. */
export interface SerialLineBounds {
  openTimeoutMs: number;
  writeTimeoutMs: number;
  closeTimeoutMs: number;
}

/**
 * Runs `work` for at most `ms`: resolves/rejects as it does, or rejects with `onTimeout()` when it
 * overruns (its late outcome is then ignored).
 */
export function bounded<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function callback(run: (done: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((err) => (err ? reject(err) : resolve())));
}

/** Words for a port that would not open, by what the OS said. */
export function openFailure(path: string, err: unknown): SerialLineError {
  const message = err instanceof Error ? err.message : String(err);
  if (/Inappropriate ioctl|not a typewriter/i.test(message)) return new SerialLineError(`“${path}” 不是串口设备，请检查评价器设置中的串口`, 'error');
  const code = serialErrorCode(err);
  if (code === 'EACCES' || code === 'EBUSY') {
    return new SerialLineError(`串口 ${path} 暂时无法打开（${ioFailure({ code }).reason}），正在重试`, 'error', true);
  }
  const failure = ioFailure(code === null ? err : { code });
  if (failure.state === 'offline') return new SerialLineError(`未找到串口 ${path}（请检查连接线或 USB 转串口适配器）`, 'offline');
  return new SerialLineError(`串口 ${path} 无法打开：${failure.reason}`, 'error');
}

/**
 * Opens a serial line with the serialport package (9600 8N1 unless told another baud rate), every
 * operation bounded by `bounds`.
 */
export function serialLineOpener(bounds: SerialLineBounds): SerialLineOpener {
  return async (path, baudRate) => {
    // Loaded on first use: a native module, not needed by a window without a rating device.
    const { SerialPort: Port } = await import('serialport');
    const port: SerialPort = new Port({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
    try {
      await bounded(callback((done) => port.open(done)), bounds.openTimeoutMs, () => new SerialLineError(`打开串口 ${path} 超时`, 'offline'));
    } catch (err) {
      abandonPort(port);
      throw err instanceof SerialLineError ? err : openFailure(path, err);
    }
    return new PortLine(port, path, bounds);
  };
}

/** Lets go of a port without waiting: whatever close does later, nobody waits on it. */
function abandonPort(port: SerialPort): void {
  try {
    port.removeAllListeners('data');
    // Without a listener a late error would be thrown from the stream.
    port.on('error', () => undefined);
    if (port.isOpen) port.close(() => undefined);
    else port.destroy();
  } catch {
    // An abandoned handle's failure to close is nothing the driver can act on.
  }
}

class PortLine implements SerialLine {
  private gone = false;
  private closing = false;
  private readonly goneListeners: Array<(reason: string) => void> = [];

  constructor(
    private readonly port: SerialPort,
    readonly path: string,
    private readonly bounds: SerialLineBounds,
  ) {
    port.on('error', (err: Error) => this.lost(`${LINE_GONE_WORDS}：${err.message}`));
    port.on('close', () => this.lost(LINE_GONE_WORDS));
  }

  get alive(): boolean {
    return !this.gone && !this.closing;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.alive) throw new SerialLineError(LINE_GONE_WORDS, 'offline');
    try {
      await bounded(
        (async () => {
          await callback((done) => this.port.write(Buffer.from(bytes), done));
          await callback((done) => this.port.drain(done));
        })(),
        this.bounds.writeTimeoutMs,
        () => new SerialLineError(`串口 ${this.bounds.writeTimeoutMs} 毫秒内未能发出数据（USB 转串口适配器可能已被拔出）`, 'offline'),
      );
    } catch (err) {
      const failure = err instanceof SerialLineError ? err : new SerialLineError(`${LINE_GONE_WORDS}：${err instanceof Error ? err.message : String(err)}`, 'offline');
      this.lost(failure.message);
      throw failure;
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (!this.port.isOpen) return;
    try {
      await bounded(callback((done) => this.port.close(done)), this.bounds.closeTimeoutMs, () => new Error('close timed out'));
    } catch {
      abandonPort(this.port);
    }
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.port.on('data', (chunk: Buffer) => listener(chunk));
  }

  onGone(listener: (reason: string) => void): void {
    this.goneListeners.push(listener);
  }

  private lost(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    const quiet = this.closing;
    abandonPort(this.port);
    if (quiet) return;
    for (const listener of this.goneListeners) listener(reason);
  }
}
