import { describe, expect, it } from 'vitest';
import { ConfigSchema, DEFAULT_COLLECTION_NOTE, HealthForDisplaySchema, type CounterConfig, type PrintJob } from '../../../electron/contract';
import {
  configFieldFor,
  configPathOf,
  configToFormValues,
  deviceEdited,
  deviceKindsOf,
  formValuesToConfigInput,
  type ConfigFormValues,
} from '../../../renderer/src/components/settings-form/config-form-model';
import { describeDevice, describeSettingValue, settingLabel } from '../../../renderer/src/components/settings-form/device-words';
import { exampleCaseNumber, lookupPayload } from '../../../renderer/src/components/settings-form/lookup-example';
import { laterReport, testPrintBlocked } from '../../../renderer/src/pages/settings/test-print-model';
import { printerConditionLevel, printerConditionWords } from '../../../renderer/src/shared/health-labels';
import { printAttention } from '../../../renderer/src/shared/print-attention';
import { issueMessages } from '../../../renderer/src/shared/call-error';

// The printer settings of issue 14 as the setup wizard's device step and the 设置 page hold them:
// character set, QR mode, flow control, the OS print queue, the 打印 section; their words in the
// 变更记录; a printer's condition and the print jobs needing attention in the status bar.

const SAVED: CounterConfig = ConfigSchema.parse({
  hall: { code: 'HX', name: '海心区政务服务中心' },
  window: { number: 7 },
  devices: {
    receiptPrinter: { type: 'serial', path: '/dev/ttyUSB1', baudRate: 115200, flowControl: 'rtscts', paperWidthMm: 80, encoding: 'gb18030', qrMode: 'raster' },
    ticketPrinter: { type: 'system', printerName: 'XP-58 排队票', paperWidthMm: 58 },
  },
  printing: { autoReceipt: false, lookupUrl: 'https://zwfw.example.gov.cn/progress?case=', collectionNote: '邮寄送达', a4PrinterName: 'HP LaserJet' },
});

function messagesOf(values: ConfigFormValues): { path: string; message: string }[] {
  const parsed = ConfigSchema.safeParse(formValuesToConfigInput(values));
  return parsed.success ? [] : issueMessages(parsed.error.issues);
}

describe('printer fields in the settings form', () => {
  it('keeps character set, QR mode, flow control, the OS queue and the 打印 section through the form unchanged', () => {
    const values = configToFormValues(SAVED);
    expect(values.devices.receiptPrinter).toMatchObject({ kind: 'serial', flowControl: 'rtscts', encoding: 'gb18030', qrMode: 'raster' });
    expect(values.devices.ticketPrinter).toMatchObject({ kind: 'system', printerName: 'XP-58 排队票', paperWidthMm: 58 });
    expect(values.printing).toEqual({
      autoReceipt: false,
      lookupUrl: 'https://zwfw.example.gov.cn/progress?case=',
      collectionNote: '邮寄送达',
      a4PrinterName: 'HP LaserJet',
    });
    expect(ConfigSchema.parse(formValuesToConfigInput(values))).toEqual(SAVED);
  });

  it('starts a file without those fields on the schema defaults: GBK, printer QR command, no flow control, auto receipt', () => {
    const old = ConfigSchema.parse({
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12 },
      devices: { receiptPrinter: { type: 'serial', path: 'COM3' } },
    });
    const values = configToFormValues(old);
    expect(values.devices.receiptPrinter).toMatchObject({ encoding: 'gbk', qrMode: 'native', flowControl: 'none' });
    expect(values.printing).toEqual({ autoReceipt: true, lookupUrl: '', collectionNote: DEFAULT_COLLECTION_NOTE, a4PrinterName: '' });
    // Saving such a file unedited changes nothing in it.
    expect(ConfigSchema.parse(formValuesToConfigInput(values))).toEqual(old);
  });

  it('sends an empty lookup address as none, and a system printer with no name as the default printer', () => {
    const values = configToFormValues(SAVED);
    values.printing.lookupUrl = '   ';
    values.devices.ticketPrinter.printerName = '';
    const input = formValuesToConfigInput(values);
    expect(input.printing?.lookupUrl).toBeNull();
    expect(input.devices?.ticketPrinter).toEqual({ type: 'system', printerName: '', paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' });
    expect(ConfigSchema.safeParse(input).success).toBe(true);
  });

  it('sends flow control only for a serial printer, and never for the rating device', () => {
    const values = configToFormValues(SAVED);
    values.devices.receiptPrinter.kind = 'tcp';
    values.devices.receiptPrinter.host = '192.168.10.51';
    values.devices.ratingDevice = { ...values.devices.ratingDevice, kind: 'serial', serialPath: 'COM4', flowControl: 'xonxoff' };
    const input = formValuesToConfigInput(values);
    expect(input.devices?.receiptPrinter).not.toHaveProperty('flowControl');
    expect(input.devices?.ratingDevice).not.toHaveProperty('flowControl');
    expect(ConfigSchema.safeParse(input).success).toBe(true);
  });

  it("shows the schema's own words beside the lookup address and the collection note", () => {
    const values = configToFormValues(SAVED);
    values.printing.lookupUrl = 'ftp://example.cn/x';
    values.printing.collectionNote = '领'.repeat(201);
    const messages = messagesOf(values);
    expect(messages).toContainEqual({ path: 'printing.lookupUrl', message: '查询地址应为 http(s):// 开头的网址' });
    expect(messages).toContainEqual({ path: 'printing.collectionNote', message: '不超过 200 字' });
    values.printing.lookupUrl = 'https://例子.cn/progress?case=';
    values.printing.collectionNote = '';
    expect(messagesOf(values)).toEqual([{ path: 'printing.lookupUrl', message: '查询地址只能包含英文字母、数字和符号' }]);
    for (const m of messages) expect(configFieldFor(m.path, values)).toEqual(['printing', m.path.split('.')[1]]);
  });

  it('places messages for the new printer fields beside them, and names each field’s path back', () => {
    const values = configToFormValues(SAVED);
    for (const key of ['encoding', 'qrMode', 'flowControl', 'printerName']) {
      const path = `devices.receiptPrinter.${key}`;
      const name = configFieldFor(`config.${path}`, values);
      expect(name).toEqual(['devices', 'receiptPrinter', key]);
      expect(name && configPathOf(name)).toBe(path);
    }
    for (const key of ['autoReceipt', 'lookupUrl', 'collectionNote', 'a4PrinterName']) {
      expect(configPathOf(['printing', key])).toBe(`printing.${key}`);
    }
    expect(configFieldFor('config.printing.somethingElse')).toBeNull();
  });

  it('offers the OS print queue for printers only', () => {
    expect(deviceKindsOf('receiptPrinter')).toEqual(['none', 'serial', 'tcp', 'file', 'system']);
    expect(deviceKindsOf('ratingDevice')).toEqual(['none', 'serial']);
  });

  it('tells an edited printer from one switched back and forth (测试打印 waits for a save)', () => {
    const saved = configToFormValues(SAVED);
    const values = configToFormValues(SAVED);
    values.devices.receiptPrinter.kind = 'tcp';
    values.devices.receiptPrinter.host = '10.0.0.5';
    expect(deviceEdited(values, saved, 'receiptPrinter')).toBe(true);
    values.devices.receiptPrinter.kind = 'serial';
    expect(deviceEdited(values, saved, 'receiptPrinter')).toBe(false);
    values.devices.receiptPrinter.encoding = 'gbk';
    expect(deviceEdited(values, saved, 'receiptPrinter')).toBe(true);
    expect(deviceEdited(values, saved, 'ticketPrinter')).toBe(false);
  });
});

describe('printer settings in words (变更记录, restart notice, setup summary)', () => {
  it('names a printer’s non-default options, so a change of one of them alone reads as a change', () => {
    expect(describeDevice(SAVED.devices.receiptPrinter)).toBe('串口 /dev/ttyUSB1，115200，80mm，流控 RTS/CTS，GB18030，二维码用图片');
    expect(describeDevice({ type: 'serial', path: 'COM3', baudRate: 9600, flowControl: 'none', paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' })).toBe(
      '串口 COM3，9600，80mm',
    );
    expect(describeDevice(SAVED.devices.ticketPrinter)).toBe('系统打印机 “XP-58 排队票”，58mm');
    expect(describeDevice({ type: 'system', printerName: '', paperWidthMm: 80 })).toBe('系统打印机 （系统默认打印机），80mm');
  });

  it('names the 打印 settings and their values', () => {
    expect(settingLabel('printing.autoReceipt')).toBe('受理后自动打印回执');
    expect(settingLabel('printing.lookupUrl')).toBe('进度查询地址');
    expect(settingLabel('printing.collectionNote')).toBe('领取方式说明');
    expect(settingLabel('printing.a4PrinterName')).toBe('A4 打印机名称');
    expect(describeSettingValue('printing.autoReceipt', true)).toBe('开启');
    expect(describeSettingValue('printing.autoReceipt', false)).toBe('关闭');
    expect(describeSettingValue('printing.lookupUrl', null)).toBe('（无：二维码只含办件编号）');
    expect(describeSettingValue('printing.a4PrinterName', '')).toBe('（系统默认打印机）');
    expect(describeSettingValue('printing.collectionNote', '邮寄送达')).toBe('邮寄送达');
  });
});

describe('the receipt QR payload shown beside 进度查询地址', () => {
  it('appends this window’s case number to the address, or is the case number alone', () => {
    const number = exampleCaseNumber('HX', 7, '2026-11-30');
    expect(number).toBe('HX-7-20261130-0001');
    expect(lookupPayload('https://zwfw.example.gov.cn/progress?case=', number)).toBe('https://zwfw.example.gov.cn/progress?case=HX-7-20261130-0001');
    expect(lookupPayload('', number)).toBe('HX-7-20261130-0001');
    expect(lookupPayload(null, number)).toBe('HX-7-20261130-0001');
  });
});

describe("a printer's condition by name", () => {
  const ok = { online: true, coverOpen: false, paper: 'ok', error: null } as const;

  it('names paper out, paper low, cover open and offline, worst first', () => {
    expect(printerConditionWords(ok)).toEqual([]);
    expect(printerConditionWords(null)).toEqual([]);
    expect(printerConditionWords({ ...ok, paper: 'near_end' })).toEqual(['纸将尽']);
    expect(printerConditionLevel({ ...ok, paper: 'near_end' })).toBe('warning');
    expect(printerConditionWords({ ...ok, online: false })).toEqual(['脱机']);
    expect(printerConditionLevel({ ...ok, online: false })).toBe('error');
    // Out of paper the printer also says it is offline: the cause is named, not the consequence.
    expect(printerConditionWords({ ...ok, online: false, paper: 'end' })).toEqual(['缺纸']);
    expect(printerConditionLevel({ ...ok, online: false, paper: 'end' })).toBe('error');
    expect(printerConditionWords({ ...ok, online: false, coverOpen: true })).toEqual(['上盖打开']);
    expect(printerConditionWords({ ...ok, error: '切刀卡住' })).toEqual(['切刀卡住']);
    expect(printerConditionLevel(ok)).toBe('ok');
  });
});

describe("a printer's condition on a hall screen (app.health's display result)", () => {
  it('keeps the paper and cover flags, and no endpoint', () => {
    const condition = { online: false, coverOpen: false, paper: 'end', error: null } as const;
    const shown = HealthForDisplaySchema.parse({
      database: { state: 'ok', detail: null, schemaVersion: 8 },
      sync: { state: 'not_configured', endpoint: null, pending: 0, detail: null },
      devices: [
        { id: 'receiptPrinter', label: '回执打印机', state: 'error', endpoint: '/dev/ttyUSB1', detail: '缺纸', since: '2026-11-30T02:00:00.000Z', condition },
        { id: 'ratingDevice', label: '评价器', state: 'not_configured', endpoint: null, detail: null, since: '2026-11-30T02:00:00.000Z' },
      ],
      checkedAt: '2026-11-30T02:00:00.000Z',
    });
    expect(shown.devices[0]).toMatchObject({ endpoint: null, condition });
    expect(printerConditionWords(shown.devices[0]!.condition)).toEqual(['缺纸']);
    expect(shown.devices[1]).not.toHaveProperty('condition');
  });
});

function job(state: PrintJob['state'], reason: string | null = null, updatedAt = '2026-11-30T02:00:00.000Z'): PrintJob {
  return {
    id: '0197d7a8-0000-7000-8000-000000000001',
    documentId: '0197d7a8-0000-7000-8000-000000000002',
    documentKind: 'testPage',
    documentLabel: '测试页',
    documentTitle: '测试页',
    documentSent: state === 'printed' || state === 'unknown' || state === 'sending',
    caseId: null,
    caseNumber: null,
    printer: 'receiptPrinter',
    state,
    reason,
    reprint: false,
    reprintOf: null,
    createdAt: '2026-11-30T02:00:00.000Z',
    updatedAt,
    printedAt: null,
    staffId: null,
    attempts: 0,
  };
}

describe('测试打印', () => {
  it('is blocked with a reason while the printer is not saved or edited since', () => {
    expect(testPrintBlocked(true, false)).toBeNull();
    expect(testPrintBlocked(false, false)).toBe('未设置此打印机');
    expect(testPrintBlocked(true, true)).toMatch(/请先保存/);
    expect(testPrintBlocked(false, true)).toMatch(/请先保存/);
  });

  it('keeps the later report when an event overtakes the call’s answer', () => {
    const answer = job('queued', null, '2026-11-30T02:00:00.000Z');
    const event = job('printed', null, '2026-11-30T02:00:01.000Z');
    expect(laterReport(answer, event).state).toBe('printed');
    expect(laterReport(event, answer).state).toBe('printed');
    expect(laterReport(answer, undefined).state).toBe('queued');
  });
});

describe('print jobs needing attention (status bar)', () => {
  it('counts failed, unknown and waiting jobs; red when one needs a decision, amber when they only wait', () => {
    expect(printAttention([])).toMatchObject({ total: 0, level: 'none', words: '' });
    expect(printAttention([job('waiting'), job('printed'), job('waiting')])).toMatchObject({ total: 2, level: 'warning', words: '等待打印机 2' });
    expect(printAttention([job('failed'), job('unknown'), job('waiting'), job('discarded')])).toMatchObject({
      total: 3,
      level: 'error',
      words: '未打印 1 · 打印结果不明 1 · 等待打印机 1',
    });
  });
});
