import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HolidayUtil } from 'lunar-typescript';
import { describe, expect, it } from 'vitest';
import type { CalendarFile, CalendarYear } from '../../../../electron/core/calendar';
import { loadCalendarFile, provisionalCalendarYear } from '../../../../electron/core/calendar';

const calendarPath = fileURLToPath(new URL('../../../../resources/calendar/cn-calendar.json', import.meta.url));
const file: CalendarFile = loadCalendarFile(JSON.parse(readFileSync(calendarPath, 'utf8')) as unknown);

function yearEntry(year: number): CalendarYear {
  const entry = file.years.find((y) => y.year === year);
  if (entry === undefined) throw new Error(`calendar file has no ${year}`);
  return entry;
}

/** Inclusive range of ISO dates within one month-crossing-safe span. */
function range(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

// Transcribed independently from the State Council notices (国办发明电〔2023〕7号, 〔2024〕12号,
// 〔2025〕7号); the file must agree with this table day for day.
const official: Record<number, { holidays: Record<string, string[]>; makeUp: string[] }> = {
  2024: {
    holidays: {
      元旦: ['2024-01-01'],
      春节: range('2024-02-10', '2024-02-17'),
      清明节: range('2024-04-04', '2024-04-06'),
      劳动节: range('2024-05-01', '2024-05-05'),
      端午节: range('2024-06-08', '2024-06-10'),
      中秋节: range('2024-09-15', '2024-09-17'),
      国庆节: range('2024-10-01', '2024-10-07'),
    },
    makeUp: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    holidays: {
      元旦: ['2025-01-01'],
      春节: range('2025-01-28', '2025-02-04'),
      清明节: range('2025-04-04', '2025-04-06'),
      劳动节: range('2025-05-01', '2025-05-05'),
      端午节: range('2025-05-31', '2025-06-02'),
      '国庆节、中秋节': range('2025-10-01', '2025-10-08'),
    },
    makeUp: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: {
      元旦: range('2026-01-01', '2026-01-03'),
      春节: range('2026-02-15', '2026-02-23'),
      清明节: range('2026-04-04', '2026-04-06'),
      劳动节: range('2026-05-01', '2026-05-05'),
      端午节: range('2026-06-19', '2026-06-21'),
      中秋节: range('2026-09-25', '2026-09-27'),
      国庆节: range('2026-10-01', '2026-10-07'),
    },
    makeUp: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

describe('shipped calendar file', () => {
  it('passes the schema and lists 2024–2027 in order', () => {
    expect(file.years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
  });

  it.each([2024, 2025, 2026])('%i is official, with its notice and the announced dates', (year) => {
    const entry = yearEntry(year);
    const expected = official[year]!;
    expect(entry.status).toBe('official');
    expect(entry.source).toMatch(new RegExp(`关于${year}年部分节假日安排的通知（国办发明电〔\\d{4}〕\\d+号）`));
    expect(Object.fromEntries(entry.holidays.map((h) => [h.name, h.dates]))).toEqual(expected.holidays);
    expect(entry.makeUpWorkdays).toEqual(expected.makeUp);
  });

  it('has publication dates matching the notices', () => {
    expect([2024, 2025, 2026].map((y) => yearEntry(y).publishedOn)).toEqual(['2023-10-25', '2024-11-12', '2025-11-04']);
  });

  it('has every make-up workday on a Saturday or Sunday, as the notices state', () => {
    const named: Record<string, number> = {
      '2024-02-04': 0, '2024-02-18': 0, '2024-04-07': 0, '2024-04-28': 0, '2024-05-11': 6,
      '2024-09-14': 6, '2024-09-29': 0, '2024-10-12': 6,
      '2025-01-26': 0, '2025-02-08': 6, '2025-04-27': 0, '2025-09-28': 0, '2025-10-11': 6,
      '2026-01-04': 0, '2026-02-14': 6, '2026-02-28': 6, '2026-05-09': 6, '2026-09-20': 0, '2026-10-10': 6,
    };
    const all = file.years.flatMap((y) => y.makeUpWorkdays);
    expect(all.sort()).toEqual(Object.keys(named).sort());
    for (const date of all) expect([date, weekdayOf(date)]).toEqual([date, named[date]]);
  });

  it('ships 2027 as provisional, exactly as the statutory rules compute it', () => {
    const entry = yearEntry(2027);
    expect(entry.status).toBe('provisional');
    expect(entry.source).toBeUndefined();
    expect(entry.publishedOn).toBeUndefined();
    expect(entry.makeUpWorkdays).toEqual([]);
    expect(entry).toEqual(provisionalCalendarYear(2027));
  });

  it('every provisional year in the file equals the rule function (regenerate with scripts/generate-provisional-calendar.ts)', () => {
    for (const entry of file.years.filter((y) => y.status === 'provisional')) {
      expect(entry).toEqual(provisionalCalendarYear(entry.year));
    }
  });

  // lunar-typescript carries its own transcription of the notices: an independent second source.
  it.each([2024, 2025, 2026])('%i agrees with lunar-typescript HolidayUtil', (year) => {
    const days = HolidayUtil.getHolidays(year);
    const off = days.filter((d) => !d.isWork()).map((d) => d.getDay()).sort();
    const work = days.filter((d) => d.isWork()).map((d) => d.getDay()).sort();
    const entry = yearEntry(year);
    expect(entry.holidays.flatMap((h) => h.dates).sort()).toEqual(off);
    expect([...entry.makeUpWorkdays].sort()).toEqual(work);
  });
});
