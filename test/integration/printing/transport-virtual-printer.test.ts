import { afterEach, describe, expect, it } from 'vitest';
import { PrinterIoError, type PrinterConnection } from '../../../electron/core/printing/transport/printer-transport';
import { conditionAllowsPrinting, conditionWords } from '../../../electron/core/printing/transport/status-bytes';
import { transportFor } from '../../../electron/core/printing/transport/transport-for';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualPrinter, type VirtualPrinter } from '../../support/virtual-printer';

// The transports against the project's virtual printer (the emulator `npm run emulate:printer`
// runs), written apart from them: both must read ESC/POS the same way.

const COMMON = { paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' } as const;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function wordsOf(connection: PrinterConnection): Promise<string> {
  const condition = await connection.readCondition(500);
  if (condition === null) throw new Error('no condition');
  return conditionWords(condition);
}

describe('transports and the virtual printer', () => {
  it('serial: the panel’s states read by name, a job arrives, and an unplugged printer is reopened', async () => {
    const printer: VirtualPrinter = await startVirtualPrinter({ ptyDir: makeTempDir('vp-serial') });
    cleanups.push(() => printer.stop());
    const transport = transportFor({ type: 'serial', path: printer.appPath!, baudRate: 9600, flowControl: 'none', ...COMMON });
    let connection = await transport.open();
    cleanups.push(() => connection.close());

    expect(await wordsOf(connection)).toBe('正常');
    await printer.set('paper near');
    expect(await wordsOf(connection)).toBe('纸将尽');
    await printer.set('paper out');
    expect(await wordsOf(connection)).toBe('缺纸');
    expect(conditionAllowsPrinting((await connection.readCondition(500))!)).toBe(false);
    await printer.set('paper back');
    await printer.set('cover open');
    expect(await wordsOf(connection)).toBe('上盖打开');
    await printer.set('cover close');

    const before = printer.bytesReceived();
    await connection.write(Uint8Array.from([0x1b, 0x40, ...Buffer.from('TEST 123\n'), 0x1d, 0x56, 0x01]));
    await printer.waitFor((p) => p.bytesReceived() >= before + 14);
    await printer.waitForDocuments(1);

    const closes: string[] = [];
    connection.onClose((reason) => closes.push(reason));
    await printer.unplug();
    await printer.waitFor(() => closes.length > 0);
    await expect(transport.open()).rejects.toBeInstanceOf(PrinterIoError);
    await printer.plug();
    connection = await transport.open();
    expect(await wordsOf(connection)).toBe('正常');
  });

  it('TCP: the same states over port 9100, one connection per reading', async () => {
    const printer = await startVirtualPrinter({ tcpPort: 0 });
    cleanups.push(() => printer.stop());
    const transport = transportFor({ type: 'tcp', host: '127.0.0.1', port: printer.tcpPort!, ...COMMON });
    const read = async (): Promise<string> => {
      const connection = await transport.open();
      try {
        return await wordsOf(connection);
      } finally {
        await connection.close();
      }
    };
    expect(await read()).toBe('正常');
    await printer.set('paper out');
    expect(await read()).toBe('缺纸');
    await printer.set('paper back');
    await printer.set('cover open');
    expect(await read()).toBe('上盖打开');
    await printer.unplug();
    await expect(transport.open()).rejects.toMatchObject({ state: 'offline', partial: false });
  });
});
