import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MAX_WORKING_DAYS_RANGE,
  addWorkingDays,
  buildWorkCalendar,
  isWorkingDay,
  loadCalendarFile,
  provisionalYearsBetween,
  workingDaysBetween,
  workingDaysIn,
} from '../../../../electron/core/calendar';

const calendarPath = fileURLToPath(new URL('../../../../resources/calendar/cn-calendar.json', import.meta.url));
const file = loadCalendarFile(JSON.parse(readFileSync(calendarPath, 'utf8')) as unknown);
const cal = buildWorkCalendar(file.years);

/** Every day from `first` to `last` inclusive, YYYY-MM-DD. */
function days(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe('the edges of the working-day functions', () => {
  it('count nothing for an empty or reversed range, and one day for a range of one working day', () => {
    // 2026-11-23 is a Monday, 11-24 a Tuesday.
    expect(workingDaysBetween(cal, '2026-11-23', '2026-11-23')).toBe(0);
    expect(workingDaysBetween(cal, '2026-11-24', '2026-11-23')).toBe(0);
    expect(workingDaysBetween(cal, '2026-11-23', '2026-11-24')).toBe(1);
    expect(provisionalYearsBetween(cal, '2027-03-01', '2027-03-01')).toEqual([]);
    expect(provisionalYearsBetween(cal, '2027-03-02', '2027-03-01')).toEqual([]);
  });

  it('agree with one another day by day across a year end: between = the days in (from, to]', () => {
    const all = days('2026-12-20', '2027-01-10');
    const working = workingDaysIn(cal, '2026-12-20', '2027-01-10');
    expect(working).toEqual(all.filter((d) => isWorkingDay(cal, d)));
    for (const to of all) {
      expect(workingDaysBetween(cal, '2026-12-20', to), to).toBe(working.filter((d) => d > '2026-12-20' && d <= to).length);
    }
    // The n-th working day after a day is the n-th of that list after it.
    const after = working.filter((d) => d > '2026-12-20');
    after.forEach((d, i) => expect(addWorkingDays(cal, '2026-12-20', i + 1).date).toBe(d));
  });

  it('offer a one-day range when from = to, and refuse to before from, or longer than the limit', () => {
    expect(workingDaysIn(cal, '2026-11-23', '2026-11-23')).toEqual(['2026-11-23']);
    expect(workingDaysIn(cal, '2026-11-22', '2026-11-22')).toEqual([]);
    expect(() => workingDaysIn(cal, '2026-11-24', '2026-11-23')).toThrow(new RangeError('to (2026-11-23) is before from (2026-11-24)'));
    const first = '2026-01-01';
    const lastAllowed = days(first, '2027-12-31')[MAX_WORKING_DAYS_RANGE - 1] as string;
    const oneTooMany = days(first, '2027-12-31')[MAX_WORKING_DAYS_RANGE] as string;
    expect(workingDaysIn(cal, first, lastAllowed).at(-1)).toBe(
      days(first, lastAllowed)
        .filter((d) => isWorkingDay(cal, d))
        .at(-1),
    );
    expect(() => workingDaysIn(cal, first, oneTooMany)).toThrow(
      new RangeError(`a range of at most ${MAX_WORKING_DAYS_RANGE} days, got ${MAX_WORKING_DAYS_RANGE + 1}`),
    );
  });

  it('name the bad argument and what they got', () => {
    expect(() => isWorkingDay(cal, '2026-02-30')).toThrow(new RangeError('date must be a real date written YYYY-MM-DD, got "2026-02-30"'));
    expect(() => addWorkingDays(cal, '26-1-1', 1)).toThrow(new RangeError('from must be a real date written YYYY-MM-DD, got "26-1-1"'));
    expect(() => addWorkingDays(cal, '2026-01-05', 1.5)).toThrow(new RangeError('n must be a whole number of working days (0 or more), got 1.5'));
    expect(() => addWorkingDays(cal, '2026-01-05', -1)).toThrow(/got -1$/);
    expect(() => workingDaysBetween(cal, '2026-01-05', 'x')).toThrow(new RangeError('to must be a real date written YYYY-MM-DD, got "x"'));
    expect(() => workingDaysBetween(cal, 'x', '2026-01-05')).toThrow(new RangeError('from must be a real date written YYYY-MM-DD, got "x"'));
    expect(() => provisionalYearsBetween(cal, '2026-01-05', 'x')).toThrow(/^to must be/);
    expect(() => provisionalYearsBetween(cal, 'x', '2026-01-05')).toThrow(/^from must be/);
    expect(() => workingDaysIn(cal, '2026-01-05', 'x')).toThrow(/^to must be/);
    expect(() => workingDaysIn(cal, 'x', '2026-01-05')).toThrow(/^from must be/);
  });

  it('say which year has no calendar, keeping the cause', () => {
    let err: unknown;
    try {
      isWorkingDay(cal, '2019-06-03');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe('No working-day calendar for 2019: it is not in the calendar data and cannot be computed');
    expect((err as Error).cause).toBeInstanceOf(Error);
  });

  it('mark a limit 暂定 exactly when it runs into a year whose schedule is unpublished', () => {
    // Built here rather than at load, so that mutation testing sees this test run the build.
    const cal = buildWorkCalendar(file.years);
    // 2026 is official in the shipped data, 2027 provisional.
    expect(addWorkingDays(cal, '2026-11-23', 5)).toMatchObject({ provisional: false, provisionalYears: [] });
    expect(addWorkingDays(cal, '2026-12-28', 10)).toMatchObject({ provisional: true, provisionalYears: [2027] });
    expect(addWorkingDays(cal, '2027-03-01', 1)).toMatchObject({ provisional: true, provisionalYears: [2027] });
  });

  it('refuse calendar data listing a day its notice cannot speak of', () => {
    const y2026 = file.years.find((y) => y.year === 2026);
    if (!y2026) throw new Error('the shipped data has 2026');
    const stray = { ...y2026, holidays: [...y2026.holidays, { ...y2026.holidays[0]!, dates: ['2031-05-01'] }] };
    expect(() => buildWorkCalendar([stray])).toThrow(new RangeError('Calendar year 2026 lists "2031-05-01", which its notice cannot speak of'));
    const unreal = { ...y2026, makeUpWorkdays: ['2026-02-30'] };
    expect(() => buildWorkCalendar([unreal])).toThrow(new RangeError('Calendar year 2026 lists "2026-02-30", which its notice cannot speak of'));
  });
});
