import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../../electron/contract';
import { ratingFlagWords } from '../../../renderer/src/shared/health-labels';
import { lightsOf, pictureSlots, ratingTestBlocked, ratingTestHint, roundTripText, slotCaption } from '../../../renderer/src/components/rating-test/test-rating-model';

const CLEAR = { armed: false, boxFull: false, coinJam: false, coverOpen: false, sensorFault: false };

function device(state: DeviceHealth['state'], detail: string | null = null): DeviceHealth {
  return { id: 'ratingDevice', label: '评价器', state, endpoint: '/dev/ttyUSB0', detail, since: '2026-11-30T08:00:00.000Z' };
}

describe("the rating device's state in words", () => {
  it('names each fault bit that is set, in the order of the status bits, and never the armed bit', () => {
    expect(ratingFlagWords({ ...CLEAR, armed: true })).toEqual([]);
    expect(ratingFlagWords({ ...CLEAR, sensorFault: true, boxFull: true })).toEqual(['币箱已满', '传感器故障']);
    expect(ratingFlagWords({ armed: true, boxFull: true, coinJam: true, coverOpen: true, sensorFault: true })).toEqual([
      '币箱已满',
      '卡币',
      '机盖打开',
      '传感器故障',
    ]);
    expect(ratingFlagWords(null)).toEqual([]);
    expect(ratingFlagWords(undefined)).toEqual([]);
  });

  it('lights the picture by the status bits, and shows them as unknown where the bus reports none', () => {
    const lit = lightsOf({ ...CLEAR, armed: true, coinJam: true });
    expect(lit.map((l) => [l.label, l.lit])).toEqual([
      ['已布防', true],
      ['币箱满', false],
      ['卡币', true],
      ['机盖打开', false],
      ['传感器故障', false],
    ]);
    expect(lightsOf(null).every((l) => l.lit === null)).toBe(true);
  });

  it('numbers v1 slots from 1 as on the device, and names a legacy slot by its score byte', () => {
    expect(slotCaption('v1', 0)).toBe('投币口 1');
    expect(slotCaption('legacy-bus', 0)).toBe('分值 0');
    expect(roundTripText({ roundTripMs: 37.6 })).toBe('38 毫秒');
    expect(roundTripText({ roundTripMs: null })).toBe('—');
  });

  it('draws a legacy map from 非常满意 on the left to 非常不满意 on the right, as on the evaluator, and v1 slots as the device reports them', () => {
    const national = [
      { slot: 1, satisfaction: 'very_dissatisfied' as const },
      { slot: 2, satisfaction: 'dissatisfied' as const },
      { slot: 3, satisfaction: 'basically_satisfied' as const },
      { slot: 4, satisfaction: 'satisfied' as const },
      { slot: 5, satisfaction: 'very_satisfied' as const },
    ];
    const drawn = pictureSlots({ protocol: 'legacy-bus', slots: national });
    expect(drawn.map((s) => slotCaption('legacy-bus', s.slot))).toEqual(['分值 5', '分值 4', '分值 3', '分值 2', '分值 1']);
    expect(drawn.map((s) => s.satisfaction)).toEqual(['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied']);
    // A maker numbering the other way round (0 非常满意 … 2 非常不满意) is drawn the same way round.
    const reversed = [
      { slot: 2, satisfaction: 'very_dissatisfied' as const },
      { slot: 0, satisfaction: 'very_satisfied' as const },
      { slot: 1, satisfaction: 'satisfied' as const },
    ];
    expect(pictureSlots({ protocol: 'legacy-bus', slots: reversed }).map((s) => s.slot)).toEqual([0, 1, 2]);
    // v1: the device's IDENT order is its front, even when it is not best-first.
    expect(pictureSlots({ protocol: 'v1', slots: national })).toEqual(national);
  });
});

describe('测试评价器', () => {
  it('waits for the device to be saved, and for a restart when its new settings need one', () => {
    expect(ratingTestBlocked(false, false, false)).toBe('未设置评价器：请在上方选择串口并保存');
    expect(ratingTestBlocked(false, true, false)).toBe('请先保存评价器的设置（Ctrl+S），再测试');
    expect(ratingTestBlocked(true, true, false)).toContain('请先保存');
    expect(ratingTestBlocked(true, false, true)).toContain('请先重启');
    expect(ratingTestBlocked(true, false, false)).toBeNull();
  });

  it("says what to check beside a failure, from the device's state now", () => {
    expect(ratingTestHint(device('offline'))).toContain('评价器离线');
    expect(ratingTestHint(device('not_configured'))).toContain('未设置评价器');
    expect(ratingTestHint(device('error', '串口被其他程序占用'))).toBe('评价器故障：串口被其他程序占用');
    expect(ratingTestHint(device('connected'))).toBeNull();
    expect(ratingTestHint(undefined)).toBeNull();
  });
});
