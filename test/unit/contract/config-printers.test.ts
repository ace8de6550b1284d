import { describe, expect, it } from 'vitest';
import { ConfigSchema, LOOKUP_URL_MAX_LENGTH, SAME_PRINTER_WORDS } from '../../../electron/contract/config';
import { caseNumberPrefix, formatCaseNumber } from '../../../electron/core/cases/case-number';
import { receiptLookupPayload } from '../../../electron/core/printing/documents/lookup-payload';
import { printerProfile } from '../../../electron/core/printing/printer-profile';
import { DEFAULT_QR_MODULE_DOTS } from '../../../electron/core/printing/thermal/layout';
import { fittingModuleDots, qrMatrix, qrSymbolSize } from '../../../electron/core/printing/thermal/qr-raster';

const base = { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } };

/** The messages the settings form shows beside each field (path → message). */
function messages(value: unknown): Record<string, string> {
  const result = ConfigSchema.safeParse(value);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

const printers = (receiptPrinter: unknown, ticketPrinter: unknown) => ({ ...base, devices: { receiptPrinter, ticketPrinter } });

describe('one printer cannot be both the receipt and the ticket printer', () => {
  it.each([
    ['the same serial port', { type: 'serial', path: '/dev/ttyUSB0' }, { type: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 }, 'path'],
    ['the same COM port however it is typed', { type: 'serial', path: 'COM3' }, { type: 'serial', path: 'com3' }, 'path'],
    ['the same host and port', { type: 'tcp', host: '192.168.1.50' }, { type: 'tcp', host: '192.168.1.50', port: 9100 }, 'host'],
    ['the same host name in other letters', { type: 'tcp', host: 'PRN01.hall.local', port: 9100 }, { type: 'tcp', host: 'prn01.hall.local' }, 'host'],
    ['the same device file', { type: 'file', path: '/dev/usb/lp0' }, { type: 'file', path: '/dev/usb/lp0', paperWidthMm: 58 }, 'path'],
    ['the same OS printer', { type: 'system', printerName: 'XP-80C' }, { type: 'system', printerName: 'xp-80c' }, 'printerName'],
    ['the system default printer twice', { type: 'system' }, { type: 'system', printerName: '' }, 'printerName'],
  ])('refuses %s, beside the ticket printer’s field', (_, receipt, ticket, field) => {
    expect(messages(printers(receipt, ticket))).toEqual({ [`devices.ticketPrinter.${field}`]: SAME_PRINTER_WORDS });
  });

  it.each([
    ['two serial ports', { type: 'serial', path: '/dev/ttyUSB0' }, { type: 'serial', path: '/dev/ttyUSB1' }],
    ['two ports of one print server', { type: 'tcp', host: '192.168.1.50', port: 9100 }, { type: 'tcp', host: '192.168.1.50', port: 9101 }],
    ['two device files', { type: 'file', path: '/dev/usb/lp0' }, { type: 'file', path: '/dev/usb/lp1' }],
    ['two OS printers', { type: 'system', printerName: 'XP-80C' }, { type: 'system', printerName: 'XP-58' }],
    ['a serial and a network printer', { type: 'serial', path: '/dev/ttyUSB0' }, { type: 'tcp', host: '192.168.1.50' }],
  ])('takes %s', (_, receipt, ticket) => {
    expect(messages(printers(receipt, ticket))).toEqual({});
  });

  it('takes one printer alone in either place', () => {
    expect(messages(printers({ type: 'serial', path: '/dev/ttyUSB0' }, null))).toEqual({});
    expect(messages(printers(null, { type: 'serial', path: '/dev/ttyUSB0' }))).toEqual({});
  });
});

describe('the progress-lookup address fits the receipt’s QR', () => {
  const url = (length: number) => {
    const head = 'https://zwfw.example.gov.cn/progress?case=';
    return head.replace('progress', `progress${'x'.repeat(length - head.length)}`);
  };
  const withUrl = (lookupUrl: string) => ({ ...base, printing: { lookupUrl } });

  it(`takes ${LOOKUP_URL_MAX_LENGTH} characters and refuses one more, beside the field`, () => {
    expect(url(LOOKUP_URL_MAX_LENGTH)).toHaveLength(LOOKUP_URL_MAX_LENGTH);
    expect(messages(withUrl(url(LOOKUP_URL_MAX_LENGTH)))).toEqual({});
    expect(messages(withUrl(url(LOOKUP_URL_MAX_LENGTH + 1)))).toEqual({
      'printing.lookupUrl': `查询地址不超过 ${LOOKUP_URL_MAX_LENGTH} 个字符（回执上的二维码要在 58 毫米纸上扫得出）`,
    });
  });

  it('the longest address with the longest case number keeps the receipt’s full QR module size on 58 mm paper', () => {
    const longestCaseNumber = formatCaseNumber(caseNumberPrefix('ABCDEFGH', 999, '2026-11-30'), 99_999);
    const payload = receiptLookupPayload(longestCaseNumber, { lookupUrl: url(LOOKUP_URL_MAX_LENGTH) });
    const dotsPerLine = printerProfile({ paperWidthMm: 58, encoding: 'gbk', qrMode: 'raster' }).dotsPerLine;
    expect(fittingModuleDots(qrSymbolSize(payload.length), DEFAULT_QR_MODULE_DOTS, dotsPerLine)).toBe(DEFAULT_QR_MODULE_DOTS);
    // The symbol as drawn is the size the layout reckoned with.
    expect(qrMatrix(payload).size).toBe(qrSymbolSize(payload.length));
  });
});
