import fs from 'node:fs';
import { ioFailure } from '../../devices/io-failure';
import { CloseNotice } from './close-notice';
import { PrinterIoError, type PrinterConnection, type PrinterTransport } from './printer-transport';

/**
 * How long one write to a device file may take, ms: 10 s plus 1 s per 50 KB. The kernel's
 * printer driver (usblp) blocks a write while the printer is out of paper; this turns that into
 * an error instead of a job that is `sending` forever.
 */
export function deviceFileWriteTimeoutMs(byteCount: number): number {
  return 10_000 + Math.ceil(byteCount / 50_000) * 1000;
}

function openFailure(path: string, err: unknown): PrinterIoError {
  const failure = ioFailure(err);
  return failure.state === 'offline'
    ? new PrinterIoError(`设备文件 ${path} 不存在（请检查打印机的电源和连接线）`, false, 'offline')
    : new PrinterIoError(`设备文件 ${path} 无法写入：${failure.reason}`, false, 'error');
}

/**
 * A printer reached through a device file: a USB printer's `/dev/usb/lp0` (Linux), a parallel
 * port, or a plain file (printing to a file is a legitimate setting; bytes are appended). One
 * way only: no `DLE EOT` answers can be read back, so `readCondition` is null and the UI says so.
 * The file is opened per connection; a printer switched off and on again gets a new node.
 */
export function deviceFileTransport(path: string): PrinterTransport {
  return {
    endpoint: path,
    reportsCondition: false,
    accepts: 'escpos',
    async open(signal?: AbortSignal): Promise<PrinterConnection> {
      if (signal?.aborted) throw new PrinterIoError('打开设备文件已取消', false, 'offline');
      let handle: fs.promises.FileHandle;
      try {
        // Never O_CREAT: with the printer off, /dev/usb/lp0 is gone, and creating a plain file
        // there would swallow every receipt as "printed". O_APPEND: a regular file (printing to a
        // file) grows job by job; on a device node it means nothing.
        handle = await fs.promises.open(path, fs.constants.O_WRONLY | fs.constants.O_APPEND);
      } catch (err) {
        throw openFailure(path, err);
      }
      return deviceFileConnection(path, handle);
    },
  };
}

function deviceFileConnection(path: string, handle: fs.promises.FileHandle): PrinterConnection {
  const notice = new CloseNotice();
  let closing: Promise<void> | null = null;
  const closeHandle = (): Promise<void> => (closing ??= handle.close().catch(() => undefined));
  return {
    async write(bytes: Uint8Array): Promise<void> {
      if (notice.closed) throw new PrinterIoError(notice.why ?? `设备文件 ${path} 已关闭`, false, 'offline');
      let written = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeoutMs = deviceFileWriteTimeoutMs(bytes.length);
      try {
        await Promise.race([
          (async () => {
            // A device may take fewer bytes than offered: write until every byte went.
            while (written < bytes.length) {
              const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
              written += bytesWritten;
            }
          })(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new PrinterIoError(`打印机 ${Math.round(timeoutMs / 1000)} 秒未接收数据（可能缺纸或上盖打开）`, true, 'offline')), timeoutMs);
          }),
        ]);
      } catch (err) {
        let failure: PrinterIoError;
        if (err instanceof PrinterIoError) failure = err;
        else {
          const io = ioFailure(err);
          failure = new PrinterIoError(`写入设备文件 ${path} 失败：${io.reason}`, written > 0, io.state);
        }
        notice.fire(failure.message);
        void closeHandle();
        throw failure;
      } finally {
        clearTimeout(timer);
      }
    },
    async readCondition() {
      return null;
    },
    async close(): Promise<void> {
      notice.quiet();
      await closeHandle();
    },
    onClose(listener) {
      notice.listen(listener);
    },
  };
}
