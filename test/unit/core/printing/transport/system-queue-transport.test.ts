import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostCall } from '../../../../../electron/contract/host-protocol';
import { PrinterIoError } from '../../../../../electron/core/printing/transport/printer-transport';
import { NO_SYSTEM_PRINT_WORDS, SystemPrintError, type SystemPrintHost } from '../../../../../electron/core/printing/transport/system-print-host';
import { systemPrintRelay } from '../../../../../electron/core/printing/transport/system-print-relay';
import { transportFor } from '../../../../../electron/core/printing/transport/transport-for';

const COMMON = { paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' } as const;

/** A host that keeps what it was asked to print, and fails when told to. */
function recordingHost(failWith: string | Error | null = null) {
  const printed: Array<{ html: string; printerName: string; widthMm: number }> = [];
  const host: SystemPrintHost = {
    async print(html, options) {
      if (failWith !== null) throw typeof failWith === 'string' ? new Error(failWith) : failWith;
      printed.push({ html, ...options });
    },
    async printA4() {},
    async pdfOf() {
      return new Uint8Array();
    },
  };
  return { host, printed };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the transport of each printer type', () => {
  it('is chosen by the config’s type, with what it can report', () => {
    const serial = transportFor({ type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600, flowControl: 'rtscts', ...COMMON });
    const tcp = transportFor({ type: 'tcp', host: '192.168.1.50', port: 9100, ...COMMON });
    const v6 = transportFor({ type: 'tcp', host: 'fe80::1', port: 9100, ...COMMON });
    const file = transportFor({ type: 'file', path: '/dev/usb/lp0', ...COMMON });
    const system = transportFor({ type: 'system', printerName: 'XP-58', ...COMMON });
    const systemDefault = transportFor({ type: 'system', printerName: '', ...COMMON });
    expect([serial, tcp, v6, file, system, systemDefault].map((t) => [t.endpoint, t.reportsCondition, t.accepts])).toEqual([
      ['/dev/ttyUSB0', true, 'escpos'],
      ['192.168.1.50:9100', true, 'escpos'],
      ['[fe80::1]:9100', true, 'escpos'],
      ['/dev/usb/lp0', false, 'escpos'],
      ['系统打印机 XP-58', false, 'html'],
      ['系统打印机 （默认打印机）', false, 'html'],
    ]);
  });
});

describe('a printer on the OS print queue', () => {
  it('in the browser shell (no host) cannot open, and says why', async () => {
    const transport = transportFor({ type: 'system', printerName: 'XP-58', ...COMMON });
    const failure = await transport.open().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrinterIoError);
    expect(failure).toMatchObject({ message: NO_SYSTEM_PRINT_WORDS, partial: false, state: 'error' });
    expect(NO_SYSTEM_PRINT_WORDS).toContain('浏览器模式下不能使用系统打印队列');
  });

  it('hands the page to the host at the paper’s width, and reports no condition', async () => {
    const { host, printed } = recordingHost();
    const connection = await transportFor({ type: 'system', printerName: 'XP-58', ...COMMON }, { systemPrintHost: host }).open();
    await connection.write(new TextEncoder().encode('<p>受理回执 吉𠮷</p>'));
    expect(printed).toEqual([{ html: '<p>受理回执 吉𠮷</p>', printerName: 'XP-58', widthMm: 58 }]);
    expect(await connection.readCondition(500)).toBeNull();
    await connection.close();
    await expect(connection.write(new TextEncoder().encode('<p></p>'))).rejects.toMatchObject({ partial: false });
  });

  it('refuses ESC/POS bytes sent by mistake; a host failure known to come before the OS queue is not printed, any other may be', async () => {
    const { host, printed } = recordingHost();
    const connection = await transportFor({ type: 'system', printerName: '', ...COMMON }, { systemPrintHost: host }).open();
    await expect(connection.write(Uint8Array.of(0x1b, 0x40, 0xff, 0xfe))).rejects.toMatchObject({ partial: false, state: 'error' });
    expect(printed).toEqual([]);
    const write = async (failure: string | Error) => {
      const failing = recordingHost(failure);
      const other = await transportFor({ type: 'system', printerName: 'XP-58', ...COMMON }, { systemPrintHost: failing.host }).open();
      return other.write(new TextEncoder().encode('<p></p>')).catch((err: unknown) => err);
    };
    // No such printer: nothing reached the queue (the job ends `failed`, 重新打印 is safe).
    expect(await write(new SystemPrintError('找不到打印机“XP-58”', true))).toMatchObject({ message: '找不到打印机“XP-58”', partial: false });
    // A time-out or a spooler failure: the page may be printing (the job ends `unknown`, never resent by itself).
    expect(await write(new SystemPrintError('打印 60 秒未完成，可能仍在打印，请查看打印机', false))).toMatchObject({ partial: true });
    expect(await write('打印失败，请检查打印机是否开机、有纸')).toMatchObject({ partial: true });
  });
});

describe('the relay of printing to Electron main', () => {
  it('sends each call with its own id and settles it by main’s answer', async () => {
    const sent: Array<[number, HostCall]> = [];
    const relay = systemPrintRelay((id, call) => sent.push([id, call]));
    const printing = relay.host.print('<p>a</p>', { printerName: 'XP-80', widthMm: 80 });
    const pdf = relay.host.pdfOf('<p>b</p>');
    const a4 = relay.host.printA4('<p>c</p>', { printerName: '' });
    expect(sent).toEqual([
      [1, { method: 'print', html: '<p>a</p>', printerName: 'XP-80', widthMm: 80 }],
      [2, { method: 'pdfOf', html: '<p>b</p>' }],
      [3, { method: 'printA4', html: '<p>c</p>', printerName: '' }],
    ]);
    relay.answered(2, { ok: true, pdfBase64: Buffer.from('%PDF-1.7').toString('base64') });
    relay.answered(3, { ok: false, message: '找不到打印机“A4”', notSent: true });
    relay.answered(1, { ok: true });
    relay.answered(99, { ok: true });
    await expect(printing).resolves.toBeUndefined();
    expect(new TextDecoder().decode(await pdf)).toBe('%PDF-1.7');
    await expect(a4).rejects.toMatchObject({ message: '找不到打印机“A4”', notSent: true });
    // An answer that does not say it was not sent may have printed.
    const spooled = relay.host.print('<p>d</p>', { printerName: '', widthMm: 58 });
    relay.answered(4, { ok: false, message: '打印失败：spooler error' });
    await expect(spooled).rejects.toMatchObject({ message: '打印失败：spooler error', notSent: false });
    // A call main never got was not sent.
    const unsendable = systemPrintRelay(() => {
      throw new Error('channel closed');
    });
    await expect(unsendable.host.print('<p></p>', { printerName: '', widthMm: 58 })).rejects.toMatchObject({ notSent: true });
  });

  it('gives up on a main that never answers, with words', async () => {
    vi.useFakeTimers();
    const relay = systemPrintRelay(() => undefined, 1000);
    const printing = relay.host.print('<p></p>', { printerName: '', widthMm: 58 });
    const settled = printing.catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(1001);
    // main may be printing it still: not "not sent".
    expect(await settled).toMatchObject({ message: '打印程序 1 秒未响应，可能仍在打印，请查看打印机', notSent: false });
  });
});
