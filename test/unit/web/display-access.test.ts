import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS } from '../../../electron/contract/access';
import { asHeardByDisplay, asSeenByDisplay, DISPLAY_ONLY_MESSAGE, displayMayCall, displayMayHear } from '../../../electron/contract/display';
import { failure } from '../../../electron/contract/envelope';
import { eventAccess, eventDisplayPayload } from '../../../electron/contract/event-access';
import { events } from '../../../electron/contract/events';
import { DATABASE_FAULT_FOR_DISPLAY, type Health } from '../../../electron/contract/health';
import { methods } from '../../../electron/contract/methods';
import type { WindowInfo } from '../../../electron/contract/window-info';

// What a hall screen on another PC may do (the browser shell with --allow-remote) is read from
// the contract's access levels; test/integration/web/browser-shell.test.ts shows the shell
// applying them over the network.

const INFO: WindowInfo = {
  hallCode: 'JQ',
  hallName: '金桥区政务服务中心',
  windowNumber: 12,
  windowName: '综合受理窗口',
  departments: ['区市场监督管理局'],
  timeZone: 'Asia/Shanghai',
  appVersion: '1.0.0',
  demoConfig: false,
  configFile: '/home/wangfang/counter/config.json',
  dataDir: '/home/wangfang/counter',
  databasePath: '/home/wangfang/counter/counter.sqlite',
  today: '2026-11-23',
};

/** A store found damaged after start: the detail names the database and its backup, as store-startup-error.ts words it. */
const DAMAGED: Health = {
  database: {
    state: 'error',
    detail: '数据库文件 /home/wangfang/counter/counter.sqlite 已损坏（完整性检查未通过）。最新的备份是 /home/wangfang/counter/backups/daily-2026-11-23.sqlite',
    schemaVersion: 6,
  },
  sync: { state: 'offline', endpoint: 'https://sync.jq.example/', pending: 3, detail: '上级平台不可访问：连接超时' },
  devices: [
    { id: 'receiptPrinter', label: '回执打印机', state: 'error', endpoint: '/dev/usb/lp0', detail: '设备文件无法写入：没有访问权限', since: '2026-11-23T01:00:00.000Z' },
    { id: 'ticketPrinter', label: '排队票打印机', state: 'not_configured', endpoint: null, detail: null, since: '2026-11-23T00:00:00.000Z' },
  ],
  checkedAt: '2026-11-23T01:02:03.000Z',
};

/** DAMAGED as a hall screen sees it: the same states and words, no paths, no endpoints. */
const DAMAGED_AS_DISPLAYED: Health = {
  database: { state: 'error', detail: DATABASE_FAULT_FOR_DISPLAY, schemaVersion: 6 },
  sync: { state: 'offline', endpoint: null, pending: 3, detail: '上级平台不可访问：连接超时' },
  devices: [
    { id: 'receiptPrinter', label: '回执打印机', state: 'error', endpoint: null, detail: '设备文件无法写入：没有访问权限', since: '2026-11-23T01:00:00.000Z' },
    { id: 'ticketPrinter', label: '排队票打印机', state: 'not_configured', endpoint: null, detail: null, since: '2026-11-23T00:00:00.000Z' },
  ],
  checkedAt: '2026-11-23T01:02:03.000Z',
};

describe('access levels for hall screens', () => {
  it('lets a hall screen call the window info, the health and the queue calls, and nothing else', () => {
    const callable = Object.keys(methods).filter(displayMayCall);
    expect(callable).toEqual(['app.windowInfo', 'app.health', 'queue.calls']);
    for (const name of ['session.signIn', 'session.current', 'cases.search', 'intake.submit', '__proto__', 'toString', '']) {
      expect(displayMayCall(name), name).toBe(false);
    }
  });

  it('lets a hall screen hear the health and the queue calls, and no other event', () => {
    expect(Object.keys(events).filter(displayMayHear)).toEqual(['health.changed', 'queue.called']);
    for (const name of ['session.changed', 'case.changed', 'queue.changed', '__proto__', 'constructor', 'health']) {
      expect(displayMayHear(name), name).toBe(false);
    }
  });

  it('gives every method and every event one of the three levels', () => {
    for (const [name, spec] of Object.entries(methods)) expect(ACCESS_LEVELS, name).toContain(spec.access);
    expect(Object.keys(eventAccess).sort()).toEqual(Object.keys(events).sort());
    for (const level of Object.values(eventAccess)) expect(ACCESS_LEVELS).toContain(level);
  });

  it('shows a hall screen the window info without where this PC keeps its files', () => {
    const seen = asSeenByDisplay('app.windowInfo', { ok: true, value: INFO });
    // Everything of the window info but its three paths, as the shell showed before the access levels.
    const pathFields = ['configFile', 'dataDir', 'databasePath'];
    const expected = Object.fromEntries(Object.entries(INFO).filter(([field]) => !pathFields.includes(field)));
    expect(Object.keys(expected)).toHaveLength(Object.keys(INFO).length - 3);
    expect(seen).toEqual({ ok: true, value: expected });
    expect(JSON.stringify(seen)).not.toContain('wangfang');
  });

  it('shows a hall screen the health without the paths of a damaged store or where devices are attached', () => {
    const seen = asSeenByDisplay('app.health', { ok: true, value: DAMAGED });
    expect(seen).toEqual({ ok: true, value: DAMAGED_AS_DISPLAYED });
    expect(JSON.stringify(seen)).not.toContain('wangfang');
    expect(JSON.stringify(seen)).not.toContain('/dev/');
  });

  it('shows a sound database without a detail, and passes any failure on as it is', () => {
    const sound: Health = { ...DAMAGED, database: { state: 'ok', detail: null, schemaVersion: 6 } };
    const seen = asSeenByDisplay('app.health', { ok: true, value: sound });
    expect(seen.ok && (seen.value as Health).database).toEqual({ state: 'ok', detail: null, schemaVersion: 6 });
    const failed = failure('unavailable', '核心服务正在启动，请稍候');
    expect(asSeenByDisplay('app.windowInfo', failed)).toBe(failed);
    expect(asSeenByDisplay('app.health', failed)).toBe(failed);
  });

  it('lets a hall screen hear health.changed in the same display form as app.health, and nothing of other events', () => {
    expect(asHeardByDisplay('health.changed', DAMAGED)).toEqual({ payload: DAMAGED_AS_DISPLAYED });
    expect(JSON.stringify(asHeardByDisplay('health.changed', DAMAGED))).not.toContain('wangfang');
    expect(asHeardByDisplay('session.changed', { state: 'signed_out' })).toBeNull();
    expect(asHeardByDisplay('case.changed', { caseId: 'c', caseNumber: 'JQ-12-20261123-0001', status: 'accepted', version: 1 })).toBeNull();
    // A payload the contract does not describe: nothing of it leaves.
    expect(asHeardByDisplay('health.changed', { database: { detail: '/home/wangfang/counter' } })).toBeNull();
    // Every event a hall screen may hear has its display form.
    expect(Object.keys(eventDisplayPayload).sort()).toEqual(Object.keys(events).filter(displayMayHear).sort());
  });

  it('lets nothing of another method through, nor a window info its schema does not describe', () => {
    expect(asSeenByDisplay('session.current', { ok: true, value: { staff: { name: '王芳' } } })).toEqual(
      failure('unauthorized', DISPLAY_ONLY_MESSAGE),
    );
    const odd = asSeenByDisplay('app.windowInfo', { ok: true, value: { dataDir: '/home/wangfang/counter' } });
    expect(odd.ok).toBe(false);
    expect(JSON.stringify(odd)).not.toContain('wangfang');
  });
});
