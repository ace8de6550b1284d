import { describe, expect, it } from 'vitest';
import { ConfigSchema, CounterCallError, type CounterConfig } from '../../../electron/contract';
import {
  configFieldFor,
  configPathOf,
  configToFormValues,
  emptyDevice,
  formValuesToConfigInput,
  type ConfigFormValues,
} from '../../../renderer/src/components/settings-form/config-form-model';
import { describeDevice, describeSettingValue, itemNamer, settingLabel } from '../../../renderer/src/components/settings-form/device-words';
import { issueMessages, splitCallError } from '../../../renderer/src/shared/call-error';

const SAVED: CounterConfig = ConfigSchema.parse({
  hall: { code: 'JQ', name: '金桥区政务服务中心', creditCode: '11100000000013127D' },
  window: { number: 12, name: '综合受理窗口', departments: ['市场监管局'], itemCodes: [] },
  timeZone: 'Asia/Shanghai',
  intake: { deferralWorkingDays: 7 },
  devices: {
    ratingDevice: { type: 'serial', path: 'COM4', baudRate: 9600, address: 3 },
    receiptPrinter: { type: 'tcp', host: '192.168.1.5', port: 9100, paperWidthMm: 80 },
    ticketPrinter: null,
  },
  sync: { url: 'https://sync.example.cn/api', enrolmentToken: 'abcdefghijklmnopqrst' },
});

describe('settings form values and config.json', () => {
  it('turns saved settings into the form and back unchanged', () => {
    const values = configToFormValues(SAVED);
    expect(values.devices.ratingDevice).toMatchObject({ kind: 'serial', serialPath: 'COM4', address: 3 });
    expect(values.devices.receiptPrinter).toMatchObject({ kind: 'tcp', host: '192.168.1.5', port: 9100 });
    expect(values.devices.ticketPrinter.kind).toBe('none');
    expect(ConfigSchema.parse(formValuesToConfigInput(values))).toEqual(SAVED);
  });

  it('sends only the chosen kind of a device, keeping what was typed for the others in the form', () => {
    const values = configToFormValues(SAVED);
    values.devices.receiptPrinter = { ...values.devices.receiptPrinter, kind: 'serial', serialPath: ' COM3 ', baudRate: 19200, paperWidthMm: 58 };
    const input = formValuesToConfigInput(values);
    expect(input.devices?.receiptPrinter).toEqual({
      type: 'serial',
      path: 'COM3',
      baudRate: 19200,
      flowControl: 'none',
      paperWidthMm: 58,
      encoding: 'gbk',
      qrMode: 'native',
    });
    expect(values.devices.receiptPrinter.host).toBe('192.168.1.5');
    values.devices.ratingDevice = emptyDevice();
    expect(formValuesToConfigInput(values).devices?.ratingDevice).toBeNull();
  });

  it('leaves an empty credit code out and sends an empty window number as missing', () => {
    const values: ConfigFormValues = configToFormValues(SAVED);
    values.hall.creditCode = '  ';
    values.window.number = null;
    const input = formValuesToConfigInput(values);
    expect('creditCode' in input.hall).toBe(false);
    expect('number' in input.window).toBe(false);
    const parsed = ConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const messages = parsed.success ? [] : issueMessages(parsed.error.issues);
    // The contract's own words for an empty window number, beside that field.
    expect(messages).toEqual([{ path: 'window.number', message: '请填写窗口号（1–999 的整数）' }]);
  });

  it("gives the schema's own words for a window number out of range", () => {
    const values = configToFormValues(SAVED);
    values.window.number = 1000;
    const parsed = ConfigSchema.safeParse(formValuesToConfigInput(values));
    expect(parsed.success ? [] : issueMessages(parsed.error.issues)).toEqual([{ path: 'window.number', message: '窗口号应为 1–999 的整数' }]);
  });
});

describe('where a message for a config path goes in the form', () => {
  const values = configToFormValues(SAVED);

  it("places the core's paths (with the config. prefix) and the schema's own (without) alike", () => {
    expect(configFieldFor('config.devices.receiptPrinter.host', values)).toEqual(['devices', 'receiptPrinter', 'host']);
    expect(configFieldFor('devices.receiptPrinter.host', values)).toEqual(['devices', 'receiptPrinter', 'host']);
    expect(configFieldFor('config.hall.code')).toEqual(['hall', 'code']);
    expect(configFieldFor('config.window.departments.2')).toEqual(['window', 'departments']);
    expect(configFieldFor('config.timeZone')).toEqual(['timeZone']);
    expect(configFieldFor('config.intake.deferralWorkingDays')).toEqual(['intake', 'deferralWorkingDays']);
  });

  it("puts a device's path beside the serial port or the device file, as the form shows it", () => {
    expect(configFieldFor('config.devices.ratingDevice.path', values)).toEqual(['devices', 'ratingDevice', 'serialPath']);
    const file = configToFormValues({ ...SAVED, devices: { ...SAVED.devices, ticketPrinter: { type: 'file', path: '/dev/usb/lp0', paperWidthMm: 58 } } });
    expect(configFieldFor('config.devices.ticketPrinter.path', file)).toEqual(['devices', 'ticketPrinter', 'filePath']);
    expect(configFieldFor('config.devices.ticketPrinter', file)).toEqual(['devices', 'ticketPrinter', 'kind']);
  });

  it('keeps messages the form has no field for, so they go above it', () => {
    expect(configFieldFor('config.sync.url')).toBeNull();
    expect(configFieldFor('admin.pin')).toBeNull();
    const err = new CounterCallError({
      code: 'invalid_arguments',
      message: '参数不正确',
      fieldErrors: [
        { path: 'config.window.number', message: '窗口号应为 1–999 的整数' },
        { path: 'config.sync.url', message: '同步地址应为 http(s):// 开头的网址' },
      ],
    });
    expect(splitCallError(err, (p) => configFieldFor(p, values))).toEqual({
      general: '同步地址应为 http(s):// 开头的网址',
      fields: [{ name: ['window', 'number'], errors: ['窗口号应为 1–999 的整数'] }],
    });
  });

  it("names each form field's config path, the inverse of the placing", () => {
    for (const path of ['hall.code', 'window.number', 'timeZone', 'devices.receiptPrinter.host', 'devices.ratingDevice.address']) {
      const name = configFieldFor(path, values);
      expect(name && configPathOf(name)).toBe(path);
    }
    expect(configPathOf(['devices', 'ticketPrinter', 'filePath'])).toBe('devices.ticketPrinter.path');
  });
});

describe('settings in words', () => {
  it('describes devices as IT reads them', () => {
    expect(describeDevice({ type: 'serial', path: 'COM3', baudRate: 9600 })).toBe('串口 COM3，9600');
    expect(describeDevice({ type: 'tcp', host: '192.168.1.5', port: 9100, paperWidthMm: 80 })).toBe('网络 192.168.1.5:9100，80mm');
    expect(describeDevice({ type: 'file', path: '/dev/usb/lp0', paperWidthMm: 58 })).toBe('设备文件 /dev/usb/lp0，58mm');
    expect(describeDevice(null)).toBe('未配置');
  });

  it('names settings in Chinese and never hides an unknown one', () => {
    expect(settingLabel('window.name')).toBe('窗口名称');
    expect(settingLabel('devices.receiptPrinter')).toBe('回执打印机');
    expect(settingLabel('devices.receiptPrinter.port')).toBe('回执打印机（port）');
    expect(settingLabel('something.else')).toBe('something.else');
    expect(describeSettingValue('window.departments', [])).toBe('全部部门（综合窗口）');
    expect(describeSettingValue('window.name', '')).toBe('（无）');
    expect(describeSettingValue('sync.enrolmentToken', 'secret-secret-secret')).toBe('（已设置）');
  });
});

describe('另办事项 in the 变更记录 and the restart notice', () => {
  const A = '11110000000013127D30011000100001';
  const B = '11110000000013127D30011000200002';
  const C = '11110000000013127D30011000300003';
  const items = [
    { code: A, name: '食品经营许可', department: '区市场监督管理局' },
    { code: B, name: '个体工商户设立登记', department: '区市场监督管理局' },
    { code: C, name: '个体工商户设立登记', department: '区税务局' },
  ];

  it('names each item instead of its code, and keeps a code the catalog does not know', () => {
    const name = itemNamer(items);
    expect(describeSettingValue('window.itemCodes', [A, 'X-WITHDRAWN'], name)).toBe('食品经营许可、X-WITHDRAWN');
    expect(describeSettingValue('window.itemCodes', [], name)).toBe('（无）');
  });

  it('tells two items of one name apart by the end of their codes', () => {
    const name = itemNamer(items);
    expect(name(B)).toBe('个体工商户设立登记（…200002）');
    expect(name(C)).toBe('个体工商户设立登记（…300003）');
  });

  it('applies only to 另办事项', () => {
    expect(describeSettingValue('window.departments', ['区税务局'], itemNamer(items))).toBe('区税务局');
  });
});
