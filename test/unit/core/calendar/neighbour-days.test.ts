import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '../../../../electron/core/calendar';
import {
  addWorkingDays,
  buildWorkCalendar,
  calendarYearSchema,
  isWorkingDay,
  loadCalendarFile,
  loadCalendarYear,
  provisionalYearsBetween,
  workingDaysBetween,
  workingDaysIn,
  yearStatus,
} from '../../../../electron/core/calendar';

// The 2018 and 2019 schedules exactly as the State Council published them
// (国办发明电〔2017〕12号 and 〔2018〕15号). The 2019 notice moves three days of December 2018.
const fixturePath = fileURLToPath(new URL('../../../support/calendar/cn-calendar-2018-2019.json', import.meta.url));
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as unknown;

function entry(file: { years: CalendarYear[] }, year: number): CalendarYear {
  const found = file.years.find((y) => y.year === year);
  if (!found) throw new Error(`fixture has no ${year}`);
  return found;
}

describe('a notice that moves days of the previous December (the 2019 schedule)', () => {
  const file = loadCalendarFile(fixture);
  const cal = buildWorkCalendar(file.years);

  it('loads as published', () => {
    const y2019 = entry(file, 2019);
    expect(y2019.holidays[0]?.dates).toEqual(['2018-12-30', '2018-12-31', '2019-01-01']);
    expect(y2019.makeUpWorkdays).toContain('2018-12-29');
    expect(() => loadCalendarYear(y2019)).not.toThrow();
  });

  it('makes 2018-12-29 a working day and 2018-12-30/31 days off', () => {
    expect(isWorkingDay(cal, '2018-12-28')).toBe(true); // Friday
    expect(isWorkingDay(cal, '2018-12-29')).toBe(true); // Saturday, 上班 by the 2019 notice
    expect(isWorkingDay(cal, '2018-12-30')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2018-12-31')).toBe(false); // Monday, 元旦 by the 2019 notice
    expect(isWorkingDay(cal, '2019-01-01')).toBe(false);
    expect(isWorkingDay(cal, '2019-01-02')).toBe(true);
    expect(isWorkingDay(cal, '2018-12-22')).toBe(false); // an ordinary Saturday stays off
  });

  it('counts working days across the turn of the year with those days', () => {
    expect(addWorkingDays(cal, '2018-12-28', 1).date).toBe('2018-12-29');
    expect(addWorkingDays(cal, '2018-12-28', 2).date).toBe('2019-01-02');
    expect(addWorkingDays(cal, '2018-12-27', 3).date).toBe('2019-01-02');
    // Accepted on the make-up Saturday itself: that day is not counted (民法典 Art. 201).
    expect(addWorkingDays(cal, '2018-12-29', 1).date).toBe('2019-01-02');
    expect(addWorkingDays(cal, '2018-12-24', 5).date).toBe('2018-12-29');
    expect(addWorkingDays(cal, '2018-12-28', 1).provisional).toBe(false);
    expect(workingDaysBetween(cal, '2018-12-28', '2019-01-04')).toBe(4);
    expect(workingDaysBetween(cal, '2018-12-28', '2018-12-31')).toBe(1);
  });

  it('lists the working days of a range for a date picker', () => {
    expect(workingDaysIn(cal, '2018-12-27', '2019-01-07')).toEqual([
      '2018-12-27',
      '2018-12-28',
      '2018-12-29',
      '2019-01-02',
      '2019-01-03',
      '2019-01-04',
      '2019-01-07',
    ]);
    expect(workingDaysIn(cal, '2019-02-01', '2019-02-11')).toEqual(['2019-02-01', '2019-02-02', '2019-02-03', '2019-02-11']);
    expect(() => workingDaysIn(cal, '2019-01-07', '2019-01-06')).toThrow(RangeError);
    expect(() => workingDaysIn(cal, '2018-01-01', '2019-12-31')).toThrow(/at most 400 days/);
  });

  it('keeps each year its own status: 2018 is official even without the 2019 notice', () => {
    const only2018 = buildWorkCalendar([entry(file, 2018)]);
    expect(isWorkingDay(only2018, '2018-12-31')).toBe(true); // before the 2019 notice, an ordinary Monday
    expect(isWorkingDay(only2018, '2018-12-29')).toBe(false);
    expect(yearStatus(cal, 2018)).toBe('official');
  });
});

describe('a neighbour notice over a year that is not yet published', () => {
  // A 2030 notice shaped like the 2019 one (1 January on a Tuesday), over a 2029 with no
  // schedule in the data: the computed 2029 must still take the notice's December days.
  const notice2030: CalendarYear = calendarYearSchema.parse({
    year: 2030,
    status: 'official',
    source: '国务院办公厅关于2030年部分节假日安排的通知（测试）',
    publishedOn: '2029-11-20',
    holidays: [{ name: '元旦', dates: ['2029-12-30', '2029-12-31', '2030-01-01'] }],
    makeUpWorkdays: ['2029-12-29'],
  });
  const cal = buildWorkCalendar([notice2030]);

  it('applies the notice to the computed year and keeps that year provisional', () => {
    expect(isWorkingDay(cal, '2029-12-29')).toBe(true);
    expect(isWorkingDay(cal, '2029-12-31')).toBe(false);
    expect(isWorkingDay(cal, '2029-10-01')).toBe(false); // 国庆 by the statutory rules
    expect(yearStatus(cal, 2029)).toBe('provisional');
    const due = addWorkingDays(cal, '2029-12-28', 2);
    expect(due.date).toBe('2030-01-02');
    expect(due.provisionalYears).toEqual([2029]);
    expect(addWorkingDays(cal, '2029-12-31', 1)).toEqual({ date: '2030-01-02', provisional: false, provisionalYears: [] });
  });

  it('names the provisional years a span touches', () => {
    expect(provisionalYearsBetween(cal, '2029-12-28', '2030-01-02')).toEqual([2029]);
    expect(provisionalYearsBetween(cal, '2029-12-31', '2030-01-02')).toEqual([]);
    expect(provisionalYearsBetween(cal, '2030-01-02', '2030-01-02')).toEqual([]);
    expect(provisionalYearsBetween(cal, '2030-12-30', '2031-01-03')).toEqual([2031]);
  });
});

describe('two notices that speak of the same day', () => {
  const base2019 = entry(loadCalendarFile(fixture) as { years: CalendarYear[] }, 2019);
  // A 2018 notice that (unlike the real one) also called 2018-12-29 a holiday.
  const own2018 = (publishedOn: string): CalendarYear => ({
    year: 2018,
    status: 'official',
    source: '测试通知',
    publishedOn,
    holidays: [{ name: '测试', dates: ['2018-12-28', '2018-12-29'] }],
    makeUpWorkdays: [],
  });

  it('follows the later publication', () => {
    expect(isWorkingDay(buildWorkCalendar([own2018('2017-11-30'), base2019]), '2018-12-29')).toBe(true);
    expect(isWorkingDay(buildWorkCalendar([own2018('2019-01-10'), base2019]), '2018-12-29')).toBe(false);
    // Order in the data does not matter.
    expect(isWorkingDay(buildWorkCalendar([base2019, own2018('2017-11-30')]), '2018-12-29')).toBe(true);
  });

  it('on the same publication date, follows the notice of the day’s own year', () => {
    expect(isWorkingDay(buildWorkCalendar([own2018('2018-12-06'), base2019]), '2018-12-29')).toBe(false);
  });

  it('leaves a day one notice names and the other does not as the first one says', () => {
    expect(isWorkingDay(buildWorkCalendar([own2018('2017-11-30'), base2019]), '2018-12-28')).toBe(false);
  });
});

describe('what a notice may list', () => {
  it('accepts the 元旦 part of the 2012 notice (2011-12-31 上班)', () => {
    const y2012 = {
      year: 2012,
      status: 'official',
      source: '国务院办公厅关于2012年部分节假日安排的通知（国办发明电〔2011〕45号）',
      publishedOn: '2011-12-06',
      holidays: [{ name: '元旦', dates: ['2012-01-01', '2012-01-02', '2012-01-03'] }],
      makeUpWorkdays: ['2011-12-31'],
    };
    expect(calendarYearSchema.safeParse(y2012).success).toBe(true);
  });

  it('accepts days of January of the following year', () => {
    const y = { year: 2030, status: 'official', source: 'x', holidays: [{ name: 'x', dates: ['2031-01-02'] }], makeUpWorkdays: [] };
    expect(calendarYearSchema.safeParse(y).success).toBe(true);
  });

  it('refuses days further away, and neighbour days in a provisional year', () => {
    const bad = [
      { year: 2019, status: 'official', source: 'x', holidays: [{ name: 'x', dates: ['2018-11-30'] }], makeUpWorkdays: [] },
      { year: 2019, status: 'official', source: 'x', holidays: [{ name: 'x', dates: ['2020-02-03'] }], makeUpWorkdays: [] },
      { year: 2019, status: 'official', source: 'x', holidays: [{ name: 'x', dates: ['2017-12-29'] }], makeUpWorkdays: [] },
      { year: 2029, status: 'provisional', holidays: [{ name: '元旦', dates: ['2028-12-31'] }], makeUpWorkdays: [] },
    ];
    for (const y of bad) expect(calendarYearSchema.safeParse(y).success, JSON.stringify(y)).toBe(false);
  });
});
