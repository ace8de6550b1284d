import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysOf, periodRange, type PeriodResult } from '../../../renderer/src/pages/ratings/period';
import { addDays } from '../../../renderer/src/shared/format';

const range = (r: PeriodResult) => (r.ok ? r.range : null);
const errors = (r: PeriodResult) => (r.ok ? null : r.errors);

describe('the 评价 figures period chooser turns into hall-calendar dates', () => {
  it('今日 is today alone', () => {
    expect(range(periodRange({ kind: 'today' }, '2026-11-30'))).toEqual({ from: '2026-11-30', to: '2026-11-30' });
  });

  it('本周 starts on Monday, as Chinese calendars count weeks, and ends today', () => {
    // 2026-11-30 is a Monday; 2026-12-06 a Sunday (the last day of that week, not the first of the next).
    expect(range(periodRange({ kind: 'week' }, '2026-11-30'))).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(range(periodRange({ kind: 'week' }, '2026-12-06'))).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(range(periodRange({ kind: 'week' }, '2026-12-03'))).toEqual({ from: '2026-11-30', to: '2026-12-03' });
    // Across a year's end.
    expect(range(periodRange({ kind: 'week' }, '2027-01-01'))).toEqual({ from: '2026-12-28', to: '2027-01-01' });
  });

  it('本月 runs from the 1st to today', () => {
    expect(range(periodRange({ kind: 'month' }, '2026-11-30'))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(range(periodRange({ kind: 'month' }, '2026-02-01'))).toEqual({ from: '2026-02-01', to: '2026-02-01' });
  });

  it('a week is always Monday to today and never longer than 7 days', () => {
    const anyDay = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(anyDay, (today) => {
        const r = range(periodRange({ kind: 'week' }, today));
        expect(r?.to).toBe(today);
        expect(new Date(`${r?.from}T00:00:00Z`).getUTCDay()).toBe(1);
        const days = daysOf(r!);
        expect(days.length).toBeGreaterThanOrEqual(1);
        expect(days.length).toBeLessThanOrEqual(7);
      }),
    );
  });

  it('a chosen pair is taken as it is', () => {
    expect(range(periodRange({ kind: 'custom', from: '2026-11-02', to: '2026-11-20' }, '2026-11-30'))).toEqual({
      from: '2026-11-02',
      to: '2026-11-20',
    });
  });

  it('says in Chinese, beside each field, what is wrong with a chosen pair', () => {
    expect(errors(periodRange({ kind: 'custom', from: null, to: null }, '2026-11-30'))).toEqual({
      from: '请选择开始日期',
      to: '请选择结束日期',
    });
    expect(errors(periodRange({ kind: 'custom', from: '2026-11-20', to: '2026-11-02' }, '2026-11-30'))).toEqual({
      to: '开始日期不能晚于结束日期',
    });
    expect(errors(periodRange({ kind: 'custom', from: '2026-11-02', to: '2026-12-01' }, '2026-11-30'))).toEqual({
      to: '结束日期不能晚于今天',
    });
    expect(errors(periodRange({ kind: 'custom', from: '2026-12-02', to: null }, '2026-11-30'))).toEqual({
      from: '开始日期不能晚于今天',
      to: '请选择结束日期',
    });
  });

  it('lists every day of a period, both ends included', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(daysOf({ from: '2026-11-30', to: '2026-11-30' })).toEqual(['2026-11-30']);
  });
});
