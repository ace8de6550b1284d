import { describe, expect, it } from 'vitest';
import { CompleteSetupArgs, ConfigSchema, CounterCallError, type CounterConfig } from '../../../electron/contract';
import { issueMessages, placeFieldErrors, splitCallError } from '../../../renderer/src/shared/call-error';
import {
  completeSetupArgs,
  CONFIRM_STEP,
  setupFieldFor,
  setupFormValues,
  stepOfField,
  type SetupFormValues,
} from '../../../renderer/src/pages/setup/setup-form';

// The first-run wizard's model: what it starts from, the call it makes, and on which step and
// field each message of a refusal is shown.

const DEMO: CounterConfig = ConfigSchema.parse({ hall: { code: 'DEMO', name: '演示政务服务中心' }, window: { number: 1, name: '综合受理窗口' } });

function filledIn(): SetupFormValues {
  const values = setupFormValues({ config: DEMO, demoConfig: true });
  values.hall = { code: 'JQ', name: '金桥区政务服务中心', creditCode: '' };
  values.window = { ...values.window, number: 12, name: '综合受理窗口' };
  values.admin = { staffNumber: '9001', name: '李明', pin: '739154', pinAgain: '739154' };
  return values;
}

describe('the first-run wizard', () => {
  it('starts a PC on the demo settings with an empty hall and window, so no 演示 name is kept by accident', () => {
    const values = setupFormValues({ config: DEMO, demoConfig: true });
    expect(values.hall).toEqual({ code: '', name: '', creditCode: '' });
    expect(values.window.number).toBeNull();
    expect(values.window.name).toBe('');
    expect(values.timeZone).toBe('Asia/Shanghai');
    expect(values.devices.receiptPrinter.kind).toBe('none');
    expect(values.admin).toEqual({ staffNumber: '', name: '', pin: '', pinAgain: '' });
  });

  it('starts from a config file already given (a scripted install) as it is', () => {
    const given = ConfigSchema.parse({
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 7, departments: ['市场监管局'] },
      devices: { receiptPrinter: { type: 'tcp', host: '10.0.0.8' } },
    });
    const values = setupFormValues({ config: given, demoConfig: false });
    expect(values.hall.code).toBe('JQ');
    expect(values.window.number).toBe(7);
    expect(values.window.departments).toEqual(['市场监管局']);
    expect(values.devices.receiptPrinter).toMatchObject({ kind: 'tcp', host: '10.0.0.8', port: 9100 });
  });

  it('sends config.json as the schema wants it and the first account without the repeated PIN', () => {
    const values = filledIn();
    values.devices.ratingDevice = { ...values.devices.ratingDevice, kind: 'serial', serialPath: ' COM3 ' };
    const args = completeSetupArgs(values);
    const parsed = CompleteSetupArgs.parse(args);
    expect(parsed.admin).toEqual({ staffNumber: '9001', name: '李明', pin: '739154' });
    expect(parsed.config.hall).toEqual({ code: 'JQ', name: '金桥区政务服务中心' });
    expect(parsed.config.window).toEqual({ number: 12, name: '综合受理窗口', departments: [], itemCodes: [] });
    expect(parsed.config.devices.ratingDevice).toMatchObject({ type: 'serial', path: 'COM3', baudRate: 9600, address: 1, protocol: 'v1' });
    expect(parsed.config.devices.receiptPrinter).toBeNull();
  });

  it('puts each of the contract schema’s messages on its field and step', () => {
    const values = filledIn();
    values.hall.code = 'jq-1';
    values.devices.receiptPrinter = { ...values.devices.receiptPrinter, kind: 'tcp', host: '' };
    values.admin.pin = '123456';
    const checked = CompleteSetupArgs.safeParse(completeSetupArgs(values));
    expect(checked.success).toBe(false);
    if (checked.success) return;
    const placed = placeFieldErrors(issueMessages(checked.error.issues), (p) => setupFieldFor(p, values));
    expect(placed.unplaced).toEqual([]);
    const byField = Object.fromEntries(placed.fields.map((f) => [f.name.join('.'), f.errors[0]]));
    expect(byField['hall.code']).toMatch(/大厅代码应为/);
    expect(byField['devices.receiptPrinter.host']).toBe('请填写打印机地址');
    expect(byField['admin.pin']).toMatch(/依次递增或递减/);
    expect(placed.fields.map((f) => stepOfField(f.name))).toEqual([0, 1, 2]);
  });

  it('places the core’s refusal by its paths: a device file’s path, a list element, the account', () => {
    const values = filledIn();
    values.devices.ticketPrinter = { ...values.devices.ticketPrinter, kind: 'file', filePath: '/dev/usb/lp9' };
    const err = new CounterCallError({
      code: 'invalid_arguments',
      message: '参数不正确',
      fieldErrors: [
        { path: 'admin.staffNumber', message: '工号 9001 已被使用' },
        { path: 'config.devices.ticketPrinter.path', message: '设备文件不存在' },
        { path: 'config.window.itemCodes.1', message: '事项编码不在目录中' },
        { path: 'config.devices.ratingDevice.type', message: '评价器只能接串口' },
      ],
    });
    const split = splitCallError(err, (p) => setupFieldFor(p, values));
    expect(split.general).toBeNull();
    expect(split.fields.map((f) => [f.name, stepOfField(f.name)])).toEqual([
      [['admin', 'staffNumber'], 2],
      [['devices', 'ticketPrinter', 'filePath'], 1],
      [['window', 'itemCodes'], 0],
      [['devices', 'ratingDevice', 'kind'], 1],
    ]);
  });

  it('keeps on the 确认 step what no field of the wizard can show', () => {
    expect(setupFieldFor('config.sync.url')).toBeNull();
    expect(setupFieldFor('admin')).toBeNull();
    expect(stepOfField(null)).toBe(CONFIRM_STEP);
    const err = new CounterCallError({ code: 'conflict', message: '本机已经设置过，请直接登录' });
    expect(splitCallError(err, (p) => setupFieldFor(p))).toEqual({ general: '本机已经设置过，请直接登录', fields: [] });
  });
});
