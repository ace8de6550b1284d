import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../../../electron/contract/health';
import type { RatingDeviceFlags } from '../../../../electron/contract/ratings';
import { deviceReadiness } from '../../../../renderer/src/components/rating-session/device-readiness';

const CLEAR: RatingDeviceFlags = { armed: false, boxFull: false, coinJam: false, coverOpen: false, sensorFault: false };

function device(state: DeviceHealth['state'], extra: Partial<DeviceHealth> = {}): DeviceHealth[] {
  const printer: DeviceHealth = { id: 'receiptPrinter', label: '回执打印机', state: 'connected', endpoint: null, detail: null, since: '2026-11-30T08:00:00Z' };
  return [printer, { id: 'ratingDevice', label: '评价器', state, endpoint: null, detail: null, since: '2026-11-30T08:00:00Z', ...extra }];
}

describe('what the 请评价 panel says of the rating device', () => {
  it('shows no panel at a window without a rating device', () => {
    expect(deviceReadiness(device('not_configured'), false)).toEqual({ kind: 'none' });
    expect(deviceReadiness(device('connected').slice(0, 1), false)).toEqual({ kind: 'none' });
  });

  it('says 未连接 only when the device is offline', () => {
    expect(deviceReadiness(device('offline'), false)).toEqual({ kind: 'offline', words: '评价器未连接，连接后将自动开启评价' });
  });

  it('names the fault when the device is connected but cannot take a coin', () => {
    expect(deviceReadiness(device('connected', { ratingFlags: { ...CLEAR, coinJam: true } }), false)).toEqual({
      kind: 'fault',
      words: '评价器故障：卡币，暂不能评价',
    });
    expect(deviceReadiness(device('connected', { ratingFlags: { ...CLEAR, boxFull: true, sensorFault: true } }), false)).toEqual({
      kind: 'fault',
      words: '评价器故障：币箱已满、传感器故障，暂不能评价',
    });
    // A fault that comes while the device is armed: the citizen still cannot rate.
    expect(deviceReadiness(device('connected', { ratingFlags: { ...CLEAR, armed: true, coinJam: true } }), true).kind).toBe('fault');
  });

  it('tells an error state with the driver’s words', () => {
    const r = deviceReadiness(device('error', { detail: '串口 COM3 暂时无法打开（被其他程序占用），正在重试' }), false);
    expect(r).toEqual({ kind: 'fault', words: '评价器故障，暂不能评价（串口 COM3 暂时无法打开（被其他程序占用），正在重试）' });
  });

  it('asks for the coin once the session is on the device; says it is opening a moment before', () => {
    expect(deviceReadiness(device('connected', { ratingFlags: { ...CLEAR, armed: true } }), true)).toEqual({ kind: 'ready' });
    // 机盖打开 is a tamper warning, not a refusal: the device still takes the coin.
    expect(deviceReadiness(device('connected', { ratingFlags: { ...CLEAR, armed: true, coverOpen: true } }), true)).toEqual({ kind: 'ready' });
    expect(deviceReadiness(device('connected', { ratingFlags: null }), false)).toEqual({ kind: 'opening', words: '正在开启评价器…' });
  });
});
