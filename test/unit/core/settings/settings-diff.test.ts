import { describe, expect, it } from 'vitest';
import { ConfigSchema, DEMO_CONFIG, type CounterConfig } from '../../../../electron/core/config/config-schema';
import { DEFAULT_LEGACY_SCORES } from '../../../../electron/contract/config';
import { diffSettings, pathsCovered, settingsAsSet } from '../../../../electron/core/settings/settings-diff';
import { unifiedSocialCreditCode } from '../../../support/identity-numbers';

const base: CounterConfig = ConfigSchema.parse({
  hall: { code: 'JQ', name: '金桥区政务服务中心' },
  window: { number: 12, name: '综合受理窗口', departments: ['市场监管局'] },
  devices: { receiptPrinter: { type: 'serial', path: 'COM3' } },
});

function edit(change: (config: CounterConfig) => void): CounterConfig {
  const next = structuredClone(base);
  change(next);
  return next;
}

describe('the settings diff', () => {
  it('finds nothing between equal settings, whatever their key order', () => {
    const reordered = ConfigSchema.parse(JSON.parse(JSON.stringify({ window: base.window, hall: base.hall, devices: base.devices })));
    expect(diffSettings(base, structuredClone(base))).toEqual([]);
    expect(diffSettings(base, reordered)).toEqual([]);
  });

  it('names each changed value by its path, old and new', () => {
    const next = edit((c) => {
      c.hall.name = '金桥区行政服务中心';
      c.intake.deferralWorkingDays = 7;
      c.timeZone = 'Asia/Urumqi';
    });
    expect(diffSettings(base, next)).toEqual([
      { path: 'hall.name', from: '金桥区政务服务中心', to: '金桥区行政服务中心' },
      { path: 'timeZone', from: 'Asia/Shanghai', to: 'Asia/Urumqi' },
      { path: 'intake.deferralWorkingDays', from: 5, to: 7 },
    ]);
  });

  it('compares a device whole: a printer moved from serial to TCP is one change', () => {
    const next = edit((c) => {
      c.devices.receiptPrinter = { type: 'tcp', host: '192.168.10.51', port: 9100, paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' };
      c.devices.ratingDevice = { type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600, protocol: 'v1', address: 1, usb: null, legacyScores: DEFAULT_LEGACY_SCORES };
    });
    expect(diffSettings(base, next)).toEqual([
      {
        path: 'devices.ratingDevice',
        from: null,
        to: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600, protocol: 'v1', address: 1, usb: null, legacyScores: DEFAULT_LEGACY_SCORES },
      },
      {
        path: 'devices.receiptPrinter',
        from: { type: 'serial', path: 'COM3', baudRate: 9600, flowControl: 'none', paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' },
        to: { type: 'tcp', host: '192.168.10.51', port: 9100, paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' },
      },
    ]);
  });

  it('compares lists whole and sync whole', () => {
    const next = edit((c) => {
      c.window.departments = ['市场监管局', '人社局'];
      c.sync = { url: 'https://sync.example/hall', enrolmentToken: 'abcdefghijklmnop' };
    });
    expect(diffSettings(base, next)).toEqual([
      { path: 'window.departments', from: ['市场监管局'], to: ['市场监管局', '人社局'] },
      { path: 'sync', from: null, to: { url: 'https://sync.example/hall', enrolmentToken: '****mnop' } },
    ]);
  });

  it('gives null for a setting absent on one side (the credit code)', () => {
    const code = unifiedSocialCreditCode('11330100MB0000000');
    const next = edit((c) => {
      c.hall.creditCode = code;
    });
    expect(diffSettings(base, next)).toEqual([{ path: 'hall.creditCode', from: null, to: code }]);
    expect(diffSettings(next, base)).toEqual([{ path: 'hall.creditCode', from: code, to: null }]);
  });

  it('tells which changed paths a module applies', () => {
    const changes = diffSettings(
      base,
      edit((c) => {
        c.devices.receiptPrinter = null;
        c.hall.name = '新名称中心';
      }),
    );
    expect(pathsCovered(changes, ['devices.receiptPrinter', 'devices.ticketPrinter'])).toEqual(['devices.receiptPrinter']);
    expect(pathsCovered(changes, ['devices'])).toEqual(['devices.receiptPrinter']);
    expect(pathsCovered(changes, ['devices.ratingDevice'])).toEqual([]);
  });
});

describe('the sync enrolment token in a recorded change', () => {
  it('keeps only its last 4 characters, on both sides', () => {
    const before = { ...DEMO_CONFIG, sync: { url: 'https://up.example.cn/', enrolmentToken: 'old-secret-token-0001' } };
    const after = { ...DEMO_CONFIG, sync: { url: 'https://up.example.cn/', enrolmentToken: 'new-secret-token-0002' } };
    const changes = diffSettings(before, after);
    expect(changes).toEqual([
      {
        path: 'sync',
        from: { url: 'https://up.example.cn/', enrolmentToken: '****0001' },
        to: { url: 'https://up.example.cn/', enrolmentToken: '****0002' },
      },
    ]);
    expect(JSON.stringify(changes)).not.toContain('secret');
  });
});

describe('the settings as set at the first run', () => {
  it('lists every setting from nothing, each device whole, and leaves out what is empty', () => {
    const config = ConfigSchema.parse({
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12 },
      devices: { ratingDevice: { type: 'serial', path: 'COM3' } },
    });
    const changes = settingsAsSet(config);
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: 'hall.code', from: null, to: 'JQ' },
        { path: 'window.number', from: null, to: 12 },
        {
          path: 'devices.ratingDevice',
          from: null,
          to: { type: 'serial', path: 'COM3', baudRate: 9600, protocol: 'v1', address: 1, usb: null, legacyScores: DEFAULT_LEGACY_SCORES },
        },
      ]),
    );
    expect(changes.every((c) => c.from === null)).toBe(true);
    expect(changes.map((c) => c.path)).not.toContain('devices.receiptPrinter');
    expect(changes.map((c) => c.path)).not.toContain('sync');
  });
});
