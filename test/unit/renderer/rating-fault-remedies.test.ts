import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../../electron/contract';
import { DEVICE_FAULTS } from '../../../electron/contract/ratings';
import { otherAddressWords } from '../../../electron/core/ratings/device/legacy-bus-driver';
import { RATING_FAULT_REMEDIES, ratingRemedies } from '../../../renderer/src/shared/health-labels';

const CLEAR = { armed: true, boxFull: false, coinJam: false, coverOpen: false, sensorFault: false };

function rating(state: DeviceHealth['state'], extra: Partial<DeviceHealth> = {}): DeviceHealth {
  return { id: 'ratingDevice', label: '评价器', state, endpoint: '/dev/ttyUSB0', detail: null, since: '2026-11-30T08:00:00.000Z', ...extra };
}

describe("the rating device's tooltip says what to do", () => {
  it('gives every fault the device can report a remedy that names the fault and says it clears by itself', () => {
    for (const fault of DEVICE_FAULTS) {
      expect(RATING_FAULT_REMEDIES[fault]).toMatch(/^[^：]+：.+/);
    }
    expect(RATING_FAULT_REMEDIES.coin_jam).toContain('取出卡住的评价币');
    expect(RATING_FAULT_REMEDIES.coin_jam).toContain('自动恢复');
    expect(RATING_FAULT_REMEDIES.box_full).toContain('取出评价币');
  });

  it('lists one remedy per fault bit set while connected, in the order of the status bits', () => {
    expect(ratingRemedies(rating('connected', { ratingFlags: CLEAR }))).toEqual([]);
    expect(ratingRemedies(rating('connected', { ratingFlags: { ...CLEAR, coinJam: true } }))).toEqual([RATING_FAULT_REMEDIES.coin_jam]);
    expect(ratingRemedies(rating('connected', { ratingFlags: { ...CLEAR, sensorFault: true, boxFull: true } }))).toEqual([
      RATING_FAULT_REMEDIES.box_full,
      RATING_FAULT_REMEDIES.sensor_fault,
    ]);
  });

  it('tells an offline device to be checked for power, cable, port and address, whatever the driver is doing meanwhile', () => {
    const [remedy] = ratingRemedies(rating('offline', { detail: '正在识别评价器（/dev/ttyUSB0）', ratingFlags: null }));
    expect(remedy).toContain('电源');
    expect(remedy).toContain('串口线');
    expect(remedy).toContain('地址');
    // Stale bits of a device that stopped answering are not acted on.
    expect(ratingRemedies(rating('offline', { ratingFlags: { ...CLEAR, coinJam: true } }))).toHaveLength(1);
  });

  it('says how to mend a bus address that does not match the evaluator', () => {
    // In the legacy driver's own words (a change of them must keep the remedy).
    const remedies = ratingRemedies(rating('connected', { detail: otherAddressWords(5, 6), ratingFlags: null }));
    expect(remedies).toHaveLength(1);
    expect(remedies[0]).toContain('“设置”中改正评价器地址');
  });

  it('says nothing for a device that is not configured, nor for another device', () => {
    expect(ratingRemedies(rating('not_configured'))).toEqual([]);
    expect(ratingRemedies({ id: 'receiptPrinter', state: 'offline', detail: null })).toEqual([]);
  });
});
