import net from 'node:net';
import { ioFailure } from '../../devices/io-failure';
import { CloseNotice } from './close-notice';
import { PrinterIoError, type PrinterConnection, type PrinterTransport } from './printer-transport';
import { StatusExchange } from './status-exchange';

export interface TcpPrinterOptions {
  host: string;
  /** The printer's raw port, 9100 on almost every network printer. */
  port: number;
  /** How long connecting may take before the printer counts as offline, ms; default 3000. */
  connectTimeoutMs?: number;
}

/** What the clerk reads when the printer ends the connection by itself. */
export const TCP_GONE_WORDS = '网络打印机断开了连接（断电、网线松动或被其他电脑占用）';

/** How long `close()` lets the printer take the last bytes and our FIN before cutting the socket, ms. */
const GRACEFUL_CLOSE_MS = 2000;
/** How long bytes on their way are given to arrive (and be dropped) before the status read after a job, ms. */
const AFTER_JOB_SETTLE_MS = 15;

/** How long one write may take, ms: 10 s plus 1 s per 100 KB (a printer on a slow link or printing a long raster). */
export function tcpWriteTimeoutMs(byteCount: number): number {
  return 10_000 + Math.ceil(byteCount / 100_000) * 1000;
}

/**
 * A network receipt printer on its raw port (JetDirect / "9100"). A connection per job: `open`
 * before it, `close` after it (the driver's status polls likewise). Most network printers serve
 * one connection at a time, so a connection held between jobs would lock out every other PC (and
 * this driver's own status polls), and an idle one is dropped
 * silently by the printer or a NAT after minutes, to be found dead only at the next receipt.
 */
export function tcpTransport(options: TcpPrinterOptions): PrinterTransport {
  const endpoint = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  return {
    endpoint,
    reportsCondition: true,
    accepts: 'escpos',
    open(signal?: AbortSignal): Promise<PrinterConnection> {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(new PrinterIoError('连接打印机已取消', false, 'offline'));
          return;
        }
        const socket = net.connect({ host: options.host, port: options.port });
        const timer = setTimeout(() => fail(new PrinterIoError(`无法连接打印机 ${endpoint}：连接超时，请检查打印机电源和网线`, false, 'offline')), connectTimeoutMs);
        const aborted = (): void => fail(new PrinterIoError('连接打印机已取消', false, 'offline'));
        const failed = (err: Error): void => {
          const failure = ioFailure(err);
          fail(new PrinterIoError(`无法连接打印机 ${endpoint}：${failure.reason}`, false, failure.state));
        };
        const settle = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', aborted);
          socket.off('error', failed);
        };
        function fail(error: PrinterIoError): void {
          settle();
          socket.destroy();
          reject(error);
        }
        signal?.addEventListener('abort', aborted, { once: true });
        socket.once('error', failed);
        socket.once('connect', () => {
          settle();
          resolve(tcpConnection(socket));
        });
      });
    },
  };
}

function tcpConnection(socket: net.Socket): PrinterConnection {
  const notice = new CloseNotice();
  /** A job went since the last settle: an answer from inside its bytes may still be on the wire. */
  let wroteSinceSettle = false;
  const exchange = new StatusExchange({
    send: (bytes) => new Promise((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve()))),
    // Node reads the socket as data comes, and the exchange drops what it holds; on a fresh
    // connection nothing came before, so only after a job is a moment given for bytes in flight.
    discardInput: async () => {
      if (!wroteSinceSettle) return;
      wroteSinceSettle = false;
      await new Promise((resolve) => setTimeout(resolve, AFTER_JOB_SETTLE_MS));
    },
  });
  let lastError: Error | null = null;
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => exchange.received(chunk));
  socket.on('error', (err) => {
    lastError = err;
  });
  socket.on('close', () => {
    const reason = lastError === null ? TCP_GONE_WORDS : `${TCP_GONE_WORDS}：${ioFailure(lastError).reason}`;
    exchange.closed(reason);
    notice.fire(reason);
  });
  // A printer ending its side is hanging up on us: end ours too so 'close' comes.
  socket.on('end', () => socket.destroy());

  return {
    async write(bytes: Uint8Array): Promise<void> {
      if (notice.closed || socket.destroyed) throw new PrinterIoError(notice.why ?? TCP_GONE_WORDS, false, 'offline');
      wroteSinceSettle = true;
      exchange.lineUsed(bytes);
      const timeoutMs = tcpWriteTimeoutMs(bytes.length);
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopHearing = (): void => undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          timer = setTimeout(() => reject(new PrinterIoError(`网络打印机 ${Math.round(timeoutMs / 1000)} 秒未接收数据（可能缺纸或上盖打开）`, true, 'offline')), timeoutMs);
          stopHearing = notice.listen((reason) => reject(new PrinterIoError(reason, true, 'offline')));
          // The callback comes once every byte is handed to the kernel, or with the socket's error.
          // Node also calls it without an error when a reset destroys the socket mid-write (seen
          // on Node 20): a destroyed socket at that moment means the job was cut off.
          socket.write(bytes, (err) => {
            const cause = err ?? socket.errored ?? (socket.destroyed ? lastError ?? new Error('destroyed') : null);
            if (cause === null) resolve();
            else reject(new PrinterIoError(`${TCP_GONE_WORDS}：${ioFailure(cause).reason}`, true, 'offline'));
          });
        });
      } catch (err) {
        const failure = err instanceof PrinterIoError ? err : new PrinterIoError(TCP_GONE_WORDS, true, 'offline');
        notice.fire(failure.message);
        exchange.closed(failure.message);
        socket.destroy();
        throw failure;
      } finally {
        clearTimeout(timer);
        stopHearing();
      }
    },
    async readCondition(timeoutMs: number) {
      if (notice.closed || socket.destroyed) throw new PrinterIoError(notice.why ?? TCP_GONE_WORDS, false, 'offline');
      return exchange.readCondition(timeoutMs);
    },
    async close(): Promise<void> {
      notice.quiet();
      exchange.closed('连接已关闭');
      if (socket.destroyed) return;
      // end(): the printer gets every byte and then our FIN; destroy() could drop the tail of a job.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          socket.destroy();
          resolve();
        }, GRACEFUL_CLOSE_MS);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      });
    },
    onClose(listener) {
      notice.listen(listener);
    },
  };
}
