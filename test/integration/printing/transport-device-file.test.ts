import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceFileTransport } from '../../../electron/core/printing/transport/device-file-transport';
import { PrinterIoError } from '../../../electron/core/printing/transport/printer-transport';
import { transportFor } from '../../../electron/core/printing/transport/transport-for';
import { makeTempDir } from '../../support/temp-dirs';

// A device file (/dev/usb/lp0) is written like any file; a temporary file stands in for the
// printer, and real special files (/dev/full, /sys) give the kernel's own refusals.

describe('device file printer transport', () => {
  it('writes each job exactly, appended, and has no way back', async () => {
    const file = path.join(makeTempDir('lp'), 'lp0');
    fs.writeFileSync(file, '');
    const transport = transportFor({ type: 'file', path: file, paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' });
    expect(transport).toMatchObject({ endpoint: file, reportsCondition: false, accepts: 'escpos' });
    const first = Uint8Array.from({ length: 70_000 }, (_, i) => i % 256);
    const second = Uint8Array.of(0x1b, 0x40, 0x1d, 0x56, 0x00);
    for (const job of [first, second]) {
      const connection = await transport.open();
      await connection.write(job);
      expect(await connection.readCondition(500)).toBeNull();
      await connection.close();
      await connection.close();
    }
    expect(fs.readFileSync(file).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('a missing device file is offline, with words naming it, and is never created', async () => {
    const usb = path.join(makeTempDir('lp-missing'), 'usb');
    for (const missing of [path.join(usb, 'lp0'), path.join(usb, 'more', 'lp0')]) {
      if (!fs.existsSync(usb)) fs.mkdirSync(usb);
      const failure = await deviceFileTransport(missing).open().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(PrinterIoError);
      expect(failure).toMatchObject({ state: 'offline', partial: false, message: `设备文件 ${missing} 不存在（请检查打印机的电源和连接线）` });
      // The printer switched off takes its node away: a plain file made in its place would swallow receipts.
      expect(fs.existsSync(missing)).toBe(false);
    }
  });

  it('a folder, or a file this account may not open, is an error with the reason', async () => {
    const dir = makeTempDir('lp-dir');
    await expect(deviceFileTransport(dir).open()).rejects.toMatchObject({
      state: 'error',
      message: `设备文件 ${dir} 无法写入：配置的路径是文件夹，不是设备`,
    });
    // Even root may not write /sys/kernel/notes: the kernel's EACCES, in words.
    if (fs.existsSync('/sys/kernel/notes')) {
      await expect(deviceFileTransport('/sys/kernel/notes').open()).rejects.toMatchObject({
        state: 'error',
        message: expect.stringContaining('没有访问权限'),
      });
    }
  });

  it('a device refusing the first bytes fails the job as not sent, and tells onClose', async () => {
    // /dev/full refuses every write (ENOSPC): nothing went.
    const connection = await deviceFileTransport('/dev/full').open();
    const closes: string[] = [];
    connection.onClose((reason) => closes.push(reason));
    const failure = await connection.write(Uint8Array.of(0x41, 0x42)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrinterIoError);
    expect(failure).toMatchObject({ partial: false, message: '写入设备文件 /dev/full 失败：系统错误 ENOSPC' });
    expect(closes).toEqual(['写入设备文件 /dev/full 失败：系统错误 ENOSPC']);
    await expect(connection.write(Uint8Array.of(0x41))).rejects.toMatchObject({ partial: false });
    await connection.close();
  });
});
