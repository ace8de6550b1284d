import { describe, expect, it } from 'vitest';
import {
  addDays,
  clockTime,
  formatCalendarDate,
  formatInstant,
  formatInstantShort,
  formatTimeOfDay,
  weekdayOf,
} from '../../../renderer/src/shared/format';

describe('times are shown in the hall time zone, whatever the PC is set to', () => {
  // 2026-11-23 22:48 UTC is already the 24th in Shanghai.
  const late = '2026-11-23T22:48:22.036Z';

  it('formats an instant on the hall date', () => {
    expect(formatInstant(late, 'Asia/Shanghai')).toBe('2026-11-24 06:48');
    expect(formatInstant(late, 'UTC')).toBe('2026-11-23 22:48');
  });

  it('says 今天 only for the hall today', () => {
    expect(formatInstantShort(late, 'Asia/Shanghai', '2026-11-24')).toBe('今天 06:48');
    expect(formatInstantShort(late, 'Asia/Shanghai', '2026-11-25')).toBe('2026-11-24 06:48');
  });

  it('uses a 24-hour clock, midnight as 00', () => {
    expect(clockTime(new Date('2026-11-23T16:00:05Z'), 'Asia/Shanghai')).toBe('00:00:05');
    expect(formatTimeOfDay('2026-11-24T04:30:00Z', 'Asia/Shanghai')).toBe('12:30');
  });

  it('shows a missing or unreadable instant without hiding it', () => {
    expect(formatInstant(null, 'Asia/Shanghai')).toBe('—');
    expect(formatInstant('not a date', 'Asia/Shanghai')).toBe('not a date');
  });
});

describe('calendar dates', () => {
  it('writes a date the Chinese way with its weekday', () => {
    expect(formatCalendarDate('2026-11-24')).toBe('2026年11月24日');
    expect(formatCalendarDate('2026-11-24', true)).toBe('2026年11月24日 星期二');
    expect(formatCalendarDate('2027-02-06', true)).toBe('2027年2月6日 星期六');
  });

  it('shifts whole days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('names the weekday the way a due date is told', () => {
    expect(weekdayOf('2026-11-24')).toBe('周二');
    expect(weekdayOf('2026-11-29')).toBe('周日');
    expect(weekdayOf('not a date')).toBe('');
  });
});
