import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, DEFAULT_LEGACY_SCORES, LEGACY_SCORE_NO_BAD_WORDS, LEGACY_SCORE_NO_GOOD_WORDS, type CounterConfig } from '../../../electron/contract';
import { SATISFACTIONS, isBadRating, isSatisfied } from '../../../electron/contract/ratings';
import {
  DUPLICATE_SCORE_WORDS,
  configFieldFor,
  configPathOf,
  configToFormValues,
  duplicateScoreRows,
  emptyDevice,
  formValuesToConfigInput,
  nextScoreRow,
  scoreMapMessages,
  scoreMapOf,
  scoreRows,
} from '../../../renderer/src/components/settings-form/config-form-model';
import { describeDevice, describeSettingValue, settingLabel } from '../../../renderer/src/components/settings-form/device-words';
import { usbIdentityOf } from '../../../renderer/src/components/settings-form/usb-identity';
import { issueMessages } from '../../../renderer/src/shared/call-error';

const BASE = { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } };
const LEGACY: CounterConfig = ConfigSchema.parse({
  ...BASE,
  devices: {
    ratingDevice: {
      type: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      protocol: 'legacy-bus',
      address: 5,
      usb: { vendorId: '1a86', productId: '7523', serialNumber: 'A1B2' },
      legacyScores: { '0': 'very_dissatisfied', '1': 'dissatisfied', '2': 'basically_satisfied', '3': 'satisfied', '4': 'very_satisfied' },
    },
  },
  ratings: { followUpWorkingDays: 10, sessionSeconds: 90 },
});

/** The schema's messages for the form's values, as the field rules and the core see them. */
function messages(values: ReturnType<typeof configToFormValues>) {
  const parsed = ConfigSchema.safeParse(formValuesToConfigInput(values));
  return parsed.success ? [] : issueMessages(parsed.error.issues);
}

describe('the rating device and 好差评 in the settings form', () => {
  it('keeps a legacy-bus device with its USB identity, score map and the ratings section through the form unchanged', () => {
    const values = configToFormValues(LEGACY);
    expect(values.devices.ratingDevice).toMatchObject({
      protocol: 'legacy-bus',
      address: 5,
      usbVendorId: '1a86',
      usbProductId: '7523',
      usbSerialNumber: 'A1B2',
    });
    expect(values.devices.ratingDevice.legacyScores.map((r) => r.byte)).toEqual([0, 1, 2, 3, 4]);
    expect(values.ratings).toEqual({ followUpWorkingDays: 10, sessionSeconds: 90 });
    expect(ConfigSchema.parse(formValuesToConfigInput(values))).toEqual(LEGACY);
  });

  it('offers the defaults for a new device: v1, address 1, no USB identity, scores 1–5 as the national scale', () => {
    const device = emptyDevice();
    expect(device).toMatchObject({ protocol: 'v1', address: 1, usbVendorId: '', usbProductId: '', usbSerialNumber: '' });
    expect(scoreMapOf(device.legacyScores)).toEqual(DEFAULT_LEGACY_SCORES);
    const values = configToFormValues({ ...BASE });
    values.devices.ratingDevice = { ...emptyDevice(), kind: 'serial', serialPath: 'COM3' };
    const saved = ConfigSchema.parse(formValuesToConfigInput(values));
    expect(saved.devices.ratingDevice).toEqual({
      type: 'serial',
      path: 'COM3',
      baudRate: 9600,
      protocol: 'v1',
      address: 1,
      usb: null,
      legacyScores: DEFAULT_LEGACY_SCORES,
    });
    expect(saved.ratings).toEqual({ followUpWorkingDays: 15, sessionSeconds: 60 });
  });

  it('sends no USB identity when its fields are empty, and a missing serial number as null', () => {
    const values = configToFormValues(LEGACY);
    values.devices.ratingDevice.usbSerialNumber = '  ';
    expect(formValuesToConfigInput(values).devices?.ratingDevice?.usb).toEqual({ vendorId: '1a86', productId: '7523', serialNumber: null });
    values.devices.ratingDevice = { ...values.devices.ratingDevice, usbVendorId: '', usbProductId: '' };
    expect(formValuesToConfigInput(values).devices?.ratingDevice?.usb).toBeNull();
  });

  it("gives the contract's words beside the field for a bad address, USB id, score byte and ratings value", () => {
    const values = configToFormValues(LEGACY);
    values.devices.ratingDevice.address = null;
    values.devices.ratingDevice.usbProductId = '75';
    values.devices.ratingDevice.legacyScores[1] = { byte: 300, satisfaction: 'dissatisfied' };
    values.ratings = { followUpWorkingDays: 61, sessionSeconds: null };
    const found = messages(values);
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'devices.ratingDevice.address', message: '请填写地址（1–255 的整数）' },
        { path: 'devices.ratingDevice.usb.productId', message: '应为 4 位十六进制，例如 7523' },
        { path: 'devices.ratingDevice.legacyScores.300', message: '分值应为 0–255 的整数' },
        { path: 'ratings.followUpWorkingDays', message: '差评回访期限应为 1–60 的整数（工作日）' },
        { path: 'ratings.sessionSeconds', message: '请填写评价等待时间（10–600 秒）' },
      ]),
    );
    expect(found).toHaveLength(5);
    // Each lands beside its own field, and each field's rule reads its own path back.
    for (const { path } of found) {
      const name = configFieldFor(path, values);
      expect(name, path).not.toBeNull();
      if (!path.includes('legacyScores')) expect(configPathOf(name!)).toBe(path);
    }
    expect(configFieldFor('config.devices.ratingDevice.legacyScores.300', values)).toEqual(['devices', 'ratingDevice', 'legacyScores', 1, 'byte']);
    expect(configFieldFor('config.devices.ratingDevice.usb.productId', values)).toEqual(['devices', 'ratingDevice', 'usbProductId']);
    expect(configFieldFor('config.ratings.sessionSeconds', values)).toEqual(['ratings', 'sessionSeconds']);
    values.devices.ratingDevice.address = 256;
    expect(messages(values)).toContainEqual({ path: 'devices.ratingDevice.address', message: '地址应为 1–255 的整数' });
  });

  it('refuses an empty byte, a fraction and an empty map in the schema, and finds a byte used twice itself', () => {
    const values = configToFormValues(LEGACY);
    values.devices.ratingDevice.legacyScores[0] = { byte: null, satisfaction: 'very_dissatisfied' };
    values.devices.ratingDevice.legacyScores[2] = { byte: 1.5, satisfaction: 'basically_satisfied' };
    expect(messages(values)).toEqual([
      { path: 'devices.ratingDevice.legacyScores.', message: '分值应为 0–255 的整数' },
      { path: 'devices.ratingDevice.legacyScores.1.5', message: '分值应为 0–255 的整数' },
    ]);
    expect(configFieldFor('devices.ratingDevice.legacyScores.', values)).toEqual(['devices', 'ratingDevice', 'legacyScores', 0, 'byte']);
    values.devices.ratingDevice.legacyScores = [];
    expect(messages(values)).toEqual([{ path: 'devices.ratingDevice.legacyScores', message: '至少要有一个分值' }]);
    expect(configFieldFor('devices.ratingDevice.legacyScores', values)).toEqual(['devices', 'ratingDevice', 'legacyScores']);
    const twice = [
      { byte: 1, satisfaction: 'satisfied' as const },
      { byte: 2, satisfaction: 'dissatisfied' as const },
      { byte: 1, satisfaction: 'very_satisfied' as const },
      { byte: null, satisfaction: 'satisfied' as const },
      { byte: null, satisfaction: 'satisfied' as const },
    ];
    expect(duplicateScoreRows(twice)).toEqual([0, 2]);
    expect(DUPLICATE_SCORE_WORDS).toBe('分值不能重复');
  });

  it('keeps a map with leading zeros out: "05" and "5" would be one byte twice', () => {
    const parsed = ConfigSchema.safeParse({
      ...BASE,
      devices: { ratingDevice: { type: 'serial', path: 'COM3', protocol: 'legacy-bus', legacyScores: { '05': 'satisfied', '5': 'very_satisfied', '1': 'very_dissatisfied' } } },
    });
    expect(parsed.success ? [] : issueMessages(parsed.error.issues)).toEqual([{ path: 'devices.ratingDevice.legacyScores.05', message: '分值应为 0–255 的整数' }]);
  });

  it('does not save an unfinished score map left behind when switching to v1, and keeps a good one', () => {
    const values = configToFormValues(LEGACY);
    values.devices.ratingDevice.protocol = 'v1';
    expect(formValuesToConfigInput(values).devices?.ratingDevice?.legacyScores).toEqual(LEGACY.devices.ratingDevice?.legacyScores);
    values.devices.ratingDevice.legacyScores.push({ byte: 0, satisfaction: 'satisfied' });
    const input = formValuesToConfigInput(values);
    expect(input.devices?.ratingDevice && 'legacyScores' in input.devices.ratingDevice).toBe(false);
    expect(ConfigSchema.safeParse(input).success).toBe(true);
  });

  it('any distinct bytes 0–255 sent to distinct levels with a 差评 and a 满意 level make a map the schema takes, in rows by byte, and back', () => {
    // One-to-one with both sides of the scale (LegacyScoreMapSchema): 2–5 levels, each once.
    const levelSets = fc
      .shuffledSubarray([...SATISFACTIONS], { minLength: 2 })
      .filter((levels) => levels.some(isBadRating) && levels.some(isSatisfied));
    fc.assert(
      fc.property(
        levelSets.chain((levels) =>
          fc.tuple(fc.constant(levels), fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: levels.length, maxLength: levels.length })),
        ),
        ([levels, bytes]) => {
          const rows = bytes.map((byte, i) => ({ byte, satisfaction: levels[i]! }));
          expect(scoreMapMessages(rows)).toEqual([]);
          const map = scoreMapOf(rows);
          expect(duplicateScoreRows(rows)).toEqual([]);
          const values = configToFormValues(LEGACY);
          values.devices.ratingDevice.legacyScores = rows;
          const saved = ConfigSchema.parse(formValuesToConfigInput(values));
          expect(saved.devices.ratingDevice?.legacyScores).toEqual(map);
          expect(scoreRows(map).map((r) => r.byte)).toEqual([...bytes].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('puts the map-wide messages (no 差评 level, no 满意 level) beside the score table, and a level used twice beside its row', () => {
    const values = configToFormValues(LEGACY);
    const list = ['devices', 'ratingDevice', 'legacyScores'];
    values.devices.ratingDevice.legacyScores = [
      { byte: 1, satisfaction: 'basically_satisfied' },
      { byte: 2, satisfaction: 'very_satisfied' },
    ];
    expect(messages(values)).toEqual([{ path: 'devices.ratingDevice.legacyScores', message: LEGACY_SCORE_NO_BAD_WORDS }]);
    expect(scoreMapMessages(values.devices.ratingDevice.legacyScores)).toEqual([LEGACY_SCORE_NO_BAD_WORDS]);
    // As the window's schema reports it and as the core does (with `config.`): the table, not a row.
    expect(configFieldFor('devices.ratingDevice.legacyScores', values)).toEqual(list);
    expect(configFieldFor('config.devices.ratingDevice.legacyScores', values)).toEqual(list);

    values.devices.ratingDevice.legacyScores = [
      { byte: 1, satisfaction: 'very_dissatisfied' },
      { byte: 2, satisfaction: 'dissatisfied' },
    ];
    expect(messages(values)).toEqual([{ path: 'devices.ratingDevice.legacyScores', message: LEGACY_SCORE_NO_GOOD_WORDS }]);
    expect(scoreMapMessages(values.devices.ratingDevice.legacyScores)).toEqual([LEGACY_SCORE_NO_GOOD_WORDS]);

    // A level used twice is the row's own fault: beside its byte, nothing under the table.
    values.devices.ratingDevice.legacyScores = [
      { byte: 1, satisfaction: 'very_dissatisfied' },
      { byte: 2, satisfaction: 'satisfied' },
      { byte: 3, satisfaction: 'satisfied' },
    ];
    const twice = messages(values);
    expect(twice).toHaveLength(1);
    expect(twice[0]?.path).toMatch(/^devices\.ratingDevice\.legacyScores\.[23]$/);
    expect(configFieldFor(twice[0]!.path, values)).toEqual([...list, Number(twice[0]!.path.at(-1)) - 1, 'byte']);
    expect(scoreMapMessages(values.devices.ratingDevice.legacyScores)).toEqual([]);
    // No row at all: the one message the table had before.
    expect(scoreMapMessages([])).toEqual(['至少要有一个分值']);
  });

  it('offers a free byte and an unused level for 添加分值', () => {
    expect(nextScoreRow(scoreRows(DEFAULT_LEGACY_SCORES))).toEqual({ byte: 6, satisfaction: 'satisfied' });
    expect(nextScoreRow([{ byte: 0, satisfaction: 'very_dissatisfied' }])).toEqual({ byte: 1, satisfaction: 'very_satisfied' });
    expect(nextScoreRow([])).toEqual({ byte: 0, satisfaction: 'very_satisfied' });
    expect(nextScoreRow([{ byte: 255, satisfaction: 'satisfied' }, { byte: 0, satisfaction: 'satisfied' }]).byte).toBe(1);
  });

  it("copies a port's USB identity only when the OS gives vendor and product", () => {
    const port = { path: 'COM3', manufacturer: 'wch.cn', friendlyName: null, serialNumber: ' 5&2A ', vendorId: '1A86', productId: '7523' };
    expect(usbIdentityOf(port)).toEqual({ vendorId: '1A86', productId: '7523', serialNumber: '5&2A' });
    expect(usbIdentityOf({ ...port, serialNumber: null })).toEqual({ vendorId: '1A86', productId: '7523', serialNumber: null });
    expect(usbIdentityOf({ ...port, vendorId: null })).toBeNull();
  });

  it('describes the rating device and the ratings settings in words for the change record', () => {
    expect(describeDevice(LEGACY.devices.ratingDevice)).toBe(
      '串口 /dev/ttyUSB0，9600，地址 5，大厅总线（分值 0 非常不满意、1 不满意、2 基本满意、3 满意、4 非常满意），USB 1a86:7523 序列号 A1B2',
    );
    expect(describeDevice({ type: 'serial', path: 'COM3', baudRate: 9600, protocol: 'v1', address: 1, usb: null, legacyScores: DEFAULT_LEGACY_SCORES })).toBe(
      '串口 COM3，9600',
    );
    expect(settingLabel('ratings.followUpWorkingDays')).toBe('差评回访期限');
    expect(describeSettingValue('ratings.followUpWorkingDays', 15)).toBe('15 个工作日');
    expect(describeSettingValue('ratings.sessionSeconds', 60)).toBe('60 秒');
  });
});
