import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../../../../electron/contract/health';
import type { StatusReport } from '../../../../electron/core/devices/device';
import { ioFailure } from '../../../../electron/core/devices/io-failure';
import { syncHealth } from '../../../../electron/core/health/sync-health';

const report = (state: StatusReport['state'], detail: string | null): StatusReport => ({ state, endpoint: 'https://sync.example/', detail, since: '2026-11-30T00:00:00.000Z' });

describe('the sync report in the status bar', () => {
  it('maps connected to online, offline and error to themselves (keeping the words), and no report to not configured', () => {
    expect(syncHealth(report('connected', '上级平台可访问（HTTP 204）'), 3)).toEqual({ state: 'online', endpoint: 'https://sync.example/', pending: 3, detail: '上级平台可访问（HTTP 204）' });
    expect(syncHealth(report('offline', '上级平台不可访问：连接超时'), 0).state).toBe('offline');
    expect(syncHealth(report('error', '上级平台不可访问：地址无法解析'), 0)).toMatchObject({ state: 'error', detail: '上级平台不可访问：地址无法解析' });
    expect(syncHealth(report('not_configured', null), 2)).toEqual({ state: 'not_configured', endpoint: 'https://sync.example/', pending: 2, detail: null });
    expect(syncHealth(null, 5)).toEqual({ state: 'not_configured', endpoint: null, pending: 5, detail: null });
    for (const state of ['connected', 'offline', 'error', 'not_configured'] as const) {
      const health = { database: { state: 'ok', detail: null, schemaVersion: 6 }, sync: syncHealth(report(state, null), 0), devices: [], checkedAt: '2026-11-30T00:00:00.000Z' };
      expect(HealthSchema.safeParse(health).success).toBe(true);
    }
  });
});

describe('why a device cannot be reached', () => {
  it('tells a device that is away (offline) from one that is there but unusable (error), in words', () => {
    const failure = (code: string) => ioFailure(Object.assign(new Error(code), { code }));
    expect(failure('ENOENT').state).toBe('offline');
    expect(failure('ECONNREFUSED')).toEqual({ state: 'offline', reason: '对方拒绝连接（未开机，或端口不对）' });
    expect(failure('EHOSTUNREACH').state).toBe('offline');
    expect(failure('EACCES')).toMatchObject({ state: 'error', reason: expect.stringContaining('没有访问权限') });
    expect(failure('EBUSY')).toEqual({ state: 'error', reason: '被其他程序占用' });
    expect(failure('ENOTFOUND').state).toBe('error');
    // fetch() puts the socket's error in `cause`.
    expect(ioFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) })).state).toBe('offline');
    // Unknown codes are named for IT staff; names of Object's own members are not codes.
    expect(failure('EIO')).toEqual({ state: 'error', reason: '系统错误 EIO' });
    expect(failure('constructor')).toEqual({ state: 'error', reason: '系统错误 constructor' });
    expect(ioFailure(new Error('no code'))).toEqual({ state: 'error', reason: '原因不明，请查看日志' });
  });
});
