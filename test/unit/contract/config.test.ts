import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../electron/contract/config';

const base = { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } };

/** The message the settings form shows beside `path`, or null when the value is accepted. */
function messageAt(value: unknown, path: string): string | null {
  const result = ConfigSchema.safeParse(value);
  if (result.success) return null;
  return result.error.issues.find((i) => i.path.join('.') === path)?.message ?? null;
}

function printerAt(host: unknown, port?: unknown) {
  return { ...base, devices: { receiptPrinter: { type: 'tcp', host, ...(port === undefined ? {} : { port }) } } };
}

describe('the settings file as the setup screen and the 设置 page check it', () => {
  it.each(['192.168.1.50', '10.0.0.1', 'printer-1.hall.local', 'PRN01', 'fe80::1', '2001:db8::10'])('takes %s as a printer address', (host) => {
    expect(messageAt(printerAt(host), 'devices.receiptPrinter.host')).toBeNull();
  });

  it.each(['192.168.10.300', '192.168.1', '1.2.3.4.5', 'bad host', '-printer', 'printer_1', 'fe80::zz', '打印机'])(
    'refuses %s as a printer address, saying what one looks like',
    (host) => {
      expect(messageAt(printerAt(host), 'devices.receiptPrinter.host')).toBe('打印机地址应为 IP 地址（如 192.168.1.50）或主机名');
    },
  );

  it('asks for a missing printer address rather than calling it malformed', () => {
    expect(messageAt(printerAt(''), 'devices.receiptPrinter.host')).toBe('请填写打印机地址');
    expect(messageAt(printerAt('   '), 'devices.receiptPrinter.host')).toBe('请填写打印机地址');
  });

  it.each([0, 65536, 9100.5])('refuses port %s with the range and the usual port', (port) => {
    expect(messageAt(printerAt('192.168.1.50', port), 'devices.receiptPrinter.port')).toBe('端口应为 1–65535 的整数（通常为 9100）');
  });

  it('says which part of a credit code is wrong, as intake does', () => {
    expect(messageAt({ ...base, hall: { ...base.hall, creditCode: '91350100M000100Y44' } }, 'hall.creditCode')).toMatch(/校验位/);
    expect(messageAt({ ...base, hall: { ...base.hall, creditCode: 'ABC' } }, 'hall.creditCode')).toMatch(/18/);
    expect(messageAt({ ...base, hall: { ...base.hall, creditCode: '91350100M000100Y43' } }, 'hall.creditCode')).toBeNull();
  });

  it('names the missing field: hall code, hall name, window number', () => {
    expect(messageAt({ ...base, hall: { name: base.hall.name } }, 'hall.code')).toBe('请填写大厅代码（1–8 位大写字母或数字）');
    expect(messageAt({ ...base, hall: { ...base.hall, code: '' } }, 'hall.code')).toBe('请填写大厅代码（1–8 位大写字母或数字）');
    expect(messageAt({ ...base, hall: { code: 'JQ' } }, 'hall.name')).toBe('请填写大厅名称');
    expect(messageAt({ ...base, window: {} }, 'window.number')).toBe('请填写窗口号（1–999 的整数）');
  });

  it('refuses a window number that is not a whole number instead of rounding it', () => {
    expect(messageAt({ ...base, window: { number: 12.5 } }, 'window.number')).toBe('窗口号应为 1–999 的整数');
    expect(messageAt({ ...base, window: { number: 1000 } }, 'window.number')).toBe('窗口号应为 1–999 的整数');
  });
});
