import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../../../electron/core/calendar';
import {
  addWorkingDays,
  buildWorkCalendar,
  isWorkingDay,
  loadCalendarFile,
  workingDaysBetween,
  yearStatus,
} from '../../../../electron/core/calendar';

const calendarPath = fileURLToPath(new URL('../../../../resources/calendar/cn-calendar.json', import.meta.url));
const file = loadCalendarFile(JSON.parse(readFileSync(calendarPath, 'utf8')) as unknown);
const cal: WorkCalendar = buildWorkCalendar(file.years);
// The same data without the shipped 2027 entry: 2027 must then be computed on demand.
const officialOnly: WorkCalendar = buildWorkCalendar(file.years.filter((y) => y.status === 'official'));

function due(from: string, n: number, calendar: WorkCalendar = cal): string {
  return addWorkingDays(calendar, from, n).date;
}

function isoDays(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

describe('isWorkingDay', () => {
  it('follows weekdays, holidays and make-up days', () => {
    expect(isWorkingDay(cal, '2026-03-02')).toBe(true); // Monday
    expect(isWorkingDay(cal, '2026-03-07')).toBe(false); // ordinary Saturday
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true); // make-up Saturday before 春节
    expect(isWorkingDay(cal, '2026-01-04')).toBe(true); // make-up Sunday after 元旦
    expect(isWorkingDay(cal, '2026-02-16')).toBe(false); // 除夕, Monday
    expect(isWorkingDay(cal, '2026-02-21')).toBe(false); // Saturday inside 春节
    expect(isWorkingDay(cal, '2025-10-06')).toBe(false); // 中秋 inside 国庆
    expect(isWorkingDay(cal, '2024-12-31')).toBe(true);
    expect(isWorkingDay(cal, '2027-02-08')).toBe(false); // provisional 正月初三, Monday
    expect(isWorkingDay(cal, '2027-02-09')).toBe(true); // no invented extra days in 2027
  });

  it('rejects malformed dates', () => {
    expect(() => isWorkingDay(cal, '2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '2026-2-3')).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '2026-02-03T00:00')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('Spring Festival 2026: the make-up Saturday counts, the holiday does not', () => {
    // Accepted Friday 2026-02-13. 02-14 (Sat) is a make-up workday; 02-15..02-23 are off.
    expect(due('2026-02-13', 1)).toBe('2026-02-14');
    expect(due('2026-02-13', 2)).toBe('2026-02-24');
    expect(due('2026-02-13', 3)).toBe('2026-02-25');
  });

  it('National Day 2025: the 8-day break is skipped and 10-11 (Sat) is a working day', () => {
    expect(due('2025-09-30', 1)).toBe('2025-10-09');
    expect(due('2025-09-30', 2)).toBe('2025-10-10');
    expect(due('2025-09-30', 3)).toBe('2025-10-11');
    expect(due('2025-09-30', 4)).toBe('2025-10-13');
    // 09-28 (Sun) is a make-up workday before the break.
    expect(due('2025-09-26', 1)).toBe('2025-09-28');
  });

  it('counts make-up Saturdays and Sundays as working days', () => {
    expect(due('2024-05-10', 1)).toBe('2024-05-11'); // Sat after 劳动节
    expect(due('2024-02-03', 1)).toBe('2024-02-04'); // accepted Sat, next day is a make-up Sun
    expect(due('2026-10-09', 1)).toBe('2026-10-10');
  });

  it('does not count the acceptance day even when accepted on a holiday or weekend', () => {
    expect(due('2025-10-03', 1)).toBe('2025-10-09');
    expect(due('2026-03-07', 1)).toBe('2026-03-09'); // accepted Saturday → Monday
    expect(due('2026-03-09', 1)).toBe('2026-03-10'); // accepted Monday → Tuesday
  });

  it('N = 0 (即办件) is due the same day, whatever day that is', () => {
    expect(addWorkingDays(cal, '2026-02-17', 0)).toEqual({ date: '2026-02-17', provisional: false, provisionalYears: [] });
    expect(addWorkingDays(cal, '2027-02-08', 0)).toEqual({ date: '2027-02-08', provisional: false, provisionalYears: [] });
  });

  it('crosses 2024 → 2025 with 2025-01-01 off', () => {
    expect(addWorkingDays(cal, '2024-12-30', 3)).toEqual({ date: '2025-01-03', provisional: false, provisionalYears: [] });
    expect(due('2024-12-31', 1)).toBe('2025-01-02');
  });

  it('marks a limit reaching into 2027 provisional, and one inside 2026 not', () => {
    expect(addWorkingDays(cal, '2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: true, provisionalYears: [2027] });
    expect(addWorkingDays(cal, '2026-12-01', 20)).toEqual({ date: '2026-12-29', provisional: false, provisionalYears: [] });
    // Ends on 12-31: no 2027 day was examined.
    expect(addWorkingDays(cal, '2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false, provisionalYears: [] });
    // Accepted on 12-31: the first day examined is already in 2027.
    expect(addWorkingDays(cal, '2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true, provisionalYears: [2027] });
  });

  it('computes a year missing from the data from the rules, as provisional', () => {
    expect(yearStatus(officialOnly, 2027)).toBe('provisional');
    for (const from of isoDays('2026-12-01', 60)) {
      for (const n of [1, 3, 10, 25]) expect(addWorkingDays(officialOnly, from, n)).toEqual(addWorkingDays(cal, from, n));
    }
    // 2027-12-31 Fri (1); 2028-01-01 is 元旦 and a Saturday anyway; 01-03 Mon (2), 01-04 Tue (3).
    expect(addWorkingDays(cal, '2027-12-30', 3)).toEqual({ date: '2028-01-04', provisional: true, provisionalYears: [2027, 2028] });
  });

  it('20 working days (行政许可法 Art. 42) from before 春节 2025', () => {
    // 01-21..01-24 (4), 01-26 Sun make-up (5), 01-27 (6), break 01-28..02-04, 02-05..02-07 (9),
    // 02-08 Sat make-up (10), then 02-10..02-14 (15) and 02-17..02-21 (20).
    expect(addWorkingDays(cal, '2025-01-20', 20)).toEqual({ date: '2025-02-21', provisional: false, provisionalYears: [] });
  });

  it('handles limits spanning several years', () => {
    // 2024–2026 hold about 745 working days, so 800 ends in provisional 2027.
    const result = addWorkingDays(cal, '2024-01-02', 800);
    expect(result.date.startsWith('2027-')).toBe(true);
    expect(result.provisional).toBe(true);
    expect(workingDaysBetween(cal, '2024-01-02', result.date)).toBe(800);
    expect(isWorkingDay(cal, result.date)).toBe(true);
    expect(result.provisionalYears).toEqual([2027]);
  });

  it('always lands on a working day exactly n working days later (2024–2027)', () => {
    for (const from of isoDays('2024-01-01', 365 * 4 - 40)) {
      for (const n of [1, 2, 5, 15, 30]) {
        const { date } = addWorkingDays(cal, from, n);
        expect(isWorkingDay(cal, date)).toBe(true);
        expect(workingDaysBetween(cal, from, date)).toBe(n);
        // …and it is the first such day: the day before has fewer.
        const dayBefore = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        expect(workingDaysBetween(cal, from, dayBefore)).toBe(n - 1);
      }
    }
  });

  it('refuses a bad date or a bad n', () => {
    expect(() => addWorkingDays(cal, '2026-13-01', 1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-03-02', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-03-02', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-03-02', Number.NaN)).toThrow(RangeError);
  });

  it('refuses years it has neither data nor rules for', () => {
    expect(() => addWorkingDays(cal, '2023-06-01', 1)).toThrow(/No working-day calendar for 2023/);
    // Accepting on 2023-12-31 only looks at 2024 onwards.
    expect(due('2023-12-31', 1)).toBe('2024-01-02');
  });

});

describe('workingDaysBetween', () => {
  it('counts working days d with from < d <= to', () => {
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-25')).toBe(3);
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-23')).toBe(1);
    expect(workingDaysBetween(cal, '2025-09-30', '2025-10-08')).toBe(0);
    expect(workingDaysBetween(cal, '2025-09-30', '2025-10-09')).toBe(1);
    expect(workingDaysBetween(cal, '2024-12-30', '2025-01-03')).toBe(3);
    expect(workingDaysBetween(cal, '2026-03-06', '2026-03-09')).toBe(1); // Fri → Mon
  });

  it('is 0 when to <= from', () => {
    expect(workingDaysBetween(cal, '2026-03-09', '2026-03-09')).toBe(0);
    expect(workingDaysBetween(cal, '2026-03-10', '2026-03-09')).toBe(0);
  });

  it('counts whole years: 2025 has 248 working days, 2026 has 248', () => {
    // 365 days − 104 weekend days − 13 statutory days off on weekdays… checked independently:
    // 2025: 261 weekdays − 18 weekday holidays + 5 make-up days = 248.
    expect(workingDaysBetween(cal, '2024-12-31', '2025-12-31')).toBe(248);
    // 2026: 261 weekdays − 19 weekday holidays + 6 make-up days = 248.
    expect(workingDaysBetween(cal, '2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('yearStatus', () => {
  it('reports the data’s status, and provisional for anything else', () => {
    expect(yearStatus(cal, 2026)).toBe('official');
    expect(yearStatus(cal, 2027)).toBe('provisional');
    expect(yearStatus(cal, 2030)).toBe('provisional');
  });
});

describe('buildWorkCalendar', () => {
  it('refuses the same year twice', () => {
    const [first] = file.years;
    expect(() => buildWorkCalendar([first!, first!])).toThrow(/given twice/);
  });
});
