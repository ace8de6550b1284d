import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS } from '../../../electron/contract/access';
import { asSeenByDisplay, displayMayCall, displayMayHear } from '../../../electron/contract/display';
import { failure } from '../../../electron/contract/envelope';
import { eventAccess } from '../../../electron/contract/event-access';
import { events } from '../../../electron/contract/events';
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

describe('access levels for hall screens', () => {
  it('lets a hall screen call the window info and the health, and nothing else', () => {
    const callable = Object.keys(methods).filter(displayMayCall);
    expect(callable).toEqual(['app.windowInfo', 'app.health']);
    for (const name of ['session.signIn', 'session.current', 'cases.search', 'intake.submit', '__proto__', 'toString', '']) {
      expect(displayMayCall(name), name).toBe(false);
    }
  });

  it('lets a hall screen hear the health, and no other event', () => {
    expect(Object.keys(events).filter(displayMayHear)).toEqual(['health.changed']);
    for (const name of ['session.changed', 'case.changed', '__proto__', 'constructor', 'health']) {
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

  it('passes the health and any failure on as they are', () => {
    const health = { ok: true as const, value: { devices: [] } };
    expect(asSeenByDisplay('app.health', health)).toBe(health);
    const failed = failure('unavailable', '核心服务正在启动，请稍候');
    expect(asSeenByDisplay('app.windowInfo', failed)).toBe(failed);
  });

  it('lets nothing of another method through, nor a window info its schema does not describe', () => {
    expect(asSeenByDisplay('session.current', { ok: true, value: { staff: { name: '王芳' } } })).toEqual(
      failure('unauthorized', '从其他计算机只能读取窗口信息与设备状态'),
    );
    const odd = asSeenByDisplay('app.windowInfo', { ok: true, value: { dataDir: '/home/wangfang/counter' } });
    expect(odd.ok).toBe(false);
    expect(JSON.stringify(odd)).not.toContain('wangfang');
  });
});
