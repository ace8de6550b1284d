import { Lunar, Solar } from 'lunar-typescript';
import { describe, expect, it } from 'vitest';
import { calendarYearSchema, provisionalCalendarYear } from '../../../../electron/core/calendar';
import type { CalendarYear } from '../../../../electron/core/calendar';
import { loadCalendarFile } from '../../../../electron/core/calendar';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function datesOf(entry: CalendarYear, name: string): string[] {
  const holiday = entry.holidays.find((h) => h.name === name);
  if (holiday === undefined) throw new Error(`${entry.year} has no ${name}`);
  return holiday.dates;
}

function lunarOf(date: string): { month: number; day: number; jieQi: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lunar = Solar.fromYmd(y, m, d).getLunar();
  return { month: lunar.getMonth(), day: lunar.getDay(), jieQi: lunar.getJieQi() };
}

describe('provisionalCalendarYear (《全国年节及纪念日放假办法》, 2024 revision)', () => {
  const y2027 = provisionalCalendarYear(2027);

  it('gives 2027 the statutory days: 11 days, no make-up workdays', () => {
    expect(y2027).toEqual({
      year: 2027,
      status: 'provisional',
      holidays: [
        { name: '元旦', dates: ['2027-01-01'] },
        { name: '春节', dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] },
        { name: '清明节', dates: ['2027-04-05'] },
        { name: '劳动节', dates: ['2027-05-01', '2027-05-02'] },
        { name: '端午节', dates: ['2027-06-09'] },
        { name: '中秋节', dates: ['2027-09-15'] },
        { name: '国庆节', dates: ['2027-10-01', '2027-10-02', '2027-10-03'] },
      ],
      makeUpWorkdays: [],
    });
    expect(y2027.holidays.flatMap((h) => h.dates)).toHaveLength(13);
  });

  it('places the lunar days on the right lunar dates (checked back through the library)', () => {
    const [eve, first, second, third] = datesOf(y2027, '春节') as [string, string, string, string];
    expect(lunarOf(first)).toMatchObject({ month: 1, day: 1 });
    expect(lunarOf(second)).toMatchObject({ month: 1, day: 2 });
    expect(lunarOf(third)).toMatchObject({ month: 1, day: 3 });
    // 除夕 is the last day of the 12th month: 腊月廿九 in 2027 because that month is short.
    expect(lunarOf(eve)).toMatchObject({ month: 12, day: 29 });
    expect(Lunar.fromYmd(2026, 12, 29).getSolar().toYmd()).toBe(eve);
    expect(lunarOf(datesOf(y2027, '端午节')[0]!)).toMatchObject({ month: 5, day: 5 });
    expect(lunarOf(datesOf(y2027, '中秋节')[0]!)).toMatchObject({ month: 8, day: 15 });
    expect(lunarOf(datesOf(y2027, '清明节')[0]!).jieQi).toBe('清明');
  });

  it('takes 除夕 as the last day of 腊月, whether it is the 29th or the 30th', () => {
    const lastDays = new Set<number>();
    for (let year = 2025; year <= 2040; year++) {
      const eve = datesOf(provisionalCalendarYear(year), '春节')[0]!;
      const { month, day } = lunarOf(eve);
      expect([year, month]).toEqual([year, 12]);
      lastDays.add(day);
      const [y, m, d] = eve.split('-').map(Number) as [number, number, number];
      const next = Solar.fromYmd(y, m, d).next(1).getLunar();
      expect([year, next.getMonth(), next.getDay()]).toEqual([year, 1, 1]);
    }
    // Both lengths of 腊月 occur in the range, so both branches are exercised.
    expect([...lastDays].sort()).toEqual([29, 30]);
  });

  it('contains every 2025 and 2026 statutory day in that year’s official schedule', () => {
    const path = fileURLToPath(new URL('../../../../resources/calendar/cn-calendar.json', import.meta.url));
    const file = loadCalendarFile(JSON.parse(readFileSync(path, 'utf8')) as unknown);
    for (const year of [2025, 2026]) {
      const official = new Set(file.years.find((y) => y.year === year)!.holidays.flatMap((h) => h.dates));
      const statutory = provisionalCalendarYear(year).holidays.flatMap((h) => h.dates);
      expect(statutory).toHaveLength(13);
      for (const date of statutory) expect([year, date, official.has(date)]).toEqual([year, date, true]);
    }
  });

  it('knows the 2025 and 2026 lunar days', () => {
    expect(datesOf(provisionalCalendarYear(2025), '春节')).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(datesOf(provisionalCalendarYear(2025), '中秋节')).toEqual(['2025-10-06']);
    expect(datesOf(provisionalCalendarYear(2026), '春节')).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
    expect(datesOf(provisionalCalendarYear(2026), '清明节')).toEqual(['2026-04-05']);
  });

  it('produces schema-valid years for the whole supported range', () => {
    for (let year = 2025; year <= 2100; year++) {
      const result = calendarYearSchema.safeParse(provisionalCalendarYear(year));
      expect([year, result.success]).toEqual([year, true]);
    }
  });

  it('refuses years the 2024 revision does not govern', () => {
    expect(() => provisionalCalendarYear(2024)).toThrow(
      new RangeError(
        'No statutory holiday rules for 2024: provisional years are computed for 2025–2100 only; earlier years need their official schedule',
      ),
    );
    expect(() => provisionalCalendarYear(2101)).toThrow(RangeError);
    expect(() => provisionalCalendarYear(2027.5)).toThrow(RangeError);
  });
});
