import net from 'node:net';
import { ioFailure } from './io-failure';
import { deviceWatch, type DeviceWatchBasics, type Observation, type PollingWatch } from './polling-watch';

export interface TcpPrinterWatchOptions extends DeviceWatchBasics {
  host: string;
  /** The printer's raw port, 9100 on almost every network printer. */
  port: number;
  /** How long one connection attempt may take before the printer counts as offline; default 2 s. */
  connectTimeoutMs?: number;
}

/**
 * Whether a network printer accepts a connection on its raw port. The connection is closed at
 * once: most printers serve one connection at a time, and holding it would keep the print job of
 * another program (or of this one's own driver, issue 14) waiting.
 */
export function lookAtTcpPrinter(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<Observation> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (found: Observation): void => {
      socket.destroy();
      signal.removeEventListener('abort', aborted);
      resolve(found);
    };
    const aborted = (): void => done({ state: 'offline', detail: '检测已停止' });
    signal.addEventListener('abort', aborted, { once: true });
    socket.setTimeout(timeoutMs, () => done({ state: 'offline', detail: '连接超时，请检查打印机电源和网线' }));
    socket.once('connect', () => done({ state: 'connected', detail: '网络打印机可连接' }));
    socket.once('error', (err) => {
      const failure = ioFailure(err);
      done({ state: failure.state, detail: `无法连接打印机：${failure.reason}` });
    });
  });
}

/** The watch of one network printer (see lookAtTcpPrinter), with back-off while it is away. */
export function tcpPrinterWatch({ host, port, connectTimeoutMs = 2000, ...basics }: TcpPrinterWatchOptions): PollingWatch {
  // Unless told otherwise, a printer that stays away is looked at every 30 s at the most.
  const withBackOff = { ...basics, maxIntervalMs: basics.maxIntervalMs ?? Math.max(basics.intervalMs, 30_000) };
  return deviceWatch(withBackOff, `${host}:${port}`, (signal) => lookAtTcpPrinter(host, port, connectTimeoutMs, signal));
}
