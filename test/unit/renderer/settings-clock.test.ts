import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/contract';
import { clockView, datesDifferMessage, formatOffset, wallClock } from '../../../renderer/src/pages/settings/clock-model';

/** The core's answer at 2026-05-12 17:30 UTC: 01:30 on the 13th in Shanghai, 13:30 on the 12th in New York. */
const ANSWER: Clock = {
  now: '2026-05-12T17:30:00.000Z',
  hallTimeZone: 'Asia/Shanghai',
  hallToday: '2026-05-13',
  hallUtcOffsetMinutes: 480,
  pcTimeZone: 'America/New_York',
  pcToday: '2026-05-12',
  pcUtcOffsetMinutes: -240,
  datesDiffer: true,
};

describe('the 设置 page clock card', () => {
  it("shows each zone's wall clock from the core's answer, warning when the dates differ", () => {
    const received = 1_000_000;
    const view = clockView(ANSWER, received, received);
    expect(view.hall).toEqual({ date: '2026-05-13', time: '01:30:00' });
    expect(view.pc).toEqual({ date: '2026-05-12', time: '13:30:00' });
    expect(view.datesDiffer).toBe(true);
    expect(view.zonesDiffer).toBe(true);
    expect(datesDifferMessage(view.hall.date)).toBe(
      '本机日期与大厅日期不同：办件编号和期限按大厅日期 2026-05-13 计算，请核对本机时钟和时区',
    );
  });

  it("ticks on from the answer by this browser's elapsed time, not by its own clock", () => {
    // The browser's clock is a day off; only the 65 s passed since the answer count.
    const received = Date.parse('2020-01-01T00:00:00Z');
    const view = clockView(ANSWER, received, received + 65_000);
    expect(view.hall.time).toBe('01:31:05');
    expect(view.pc.time).toBe('13:31:05');
  });

  it('stops warning when both zones reach the same date', () => {
    const same = clockView({ ...ANSWER, now: '2026-05-12T05:00:00.000Z' }, 0, 0);
    expect(same.datesDiffer).toBe(false);
    const sameZone = clockView({ ...ANSWER, pcTimeZone: 'Asia/Shanghai', pcUtcOffsetMinutes: 480 }, 0, 0);
    expect(sameZone).toMatchObject({ datesDiffer: false, zonesDiffer: false });
  });

  it('writes offsets as people read them', () => {
    expect(formatOffset(480)).toBe('UTC+8');
    expect(formatOffset(-300)).toBe('UTC-5');
    expect(formatOffset(330)).toBe('UTC+5:30');
    expect(formatOffset(0)).toBe('UTC');
    expect(wallClock(Date.parse('2026-12-31T23:59:59Z'), 480)).toEqual({ date: '2027-01-01', time: '07:59:59' });
  });
});
