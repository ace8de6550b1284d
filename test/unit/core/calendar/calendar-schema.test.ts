import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '../../../../electron/core/calendar';
import { calendarFileSchema, calendarYearSchema, loadCalendarFile, loadCalendarYear } from '../../../../electron/core/calendar';

function validYear(): CalendarYear {
  return {
    year: 2026,
    status: 'official',
    source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
    publishedOn: '2025-11-04',
    holidays: [{ name: '元旦', dates: ['2026-01-01', '2026-01-02', '2026-01-03'] }],
    makeUpWorkdays: ['2026-01-04'],
  };
}

function fileWith(...years: unknown[]): unknown {
  return { format: 1, years };
}

describe('calendarYearSchema', () => {
  it('accepts a well-formed official year and a provisional one', () => {
    expect(calendarYearSchema.safeParse(validYear()).success).toBe(true);
    const provisional = { year: 2027, status: 'provisional', holidays: [{ name: '元旦', dates: ['2027-01-01'] }], makeUpWorkdays: [] };
    expect(calendarYearSchema.safeParse(provisional).success).toBe(true);
  });

  it.each([
    ['an impossible day', '2026-02-30'],
    ['a non-leap 29 February', '2026-02-29'],
    ['month 13', '2026-13-01'],
    ['missing zero padding', '2026-1-01'],
    ['a timestamp', '2026-01-01T00:00:00Z'],
    ['slashes', '2026/01/01'],
    ['an empty string', ''],
  ])('rejects %s as a date', (_label, date) => {
    const entry = { ...validYear(), holidays: [{ name: '元旦', dates: [date] }] };
    expect(calendarYearSchema.safeParse(entry).success).toBe(false);
  });

  it('accepts a real 29 February', () => {
    const entry = { ...validYear(), year: 2028, source: 'x', publishedOn: undefined, holidays: [{ name: 'x', dates: ['2028-02-29'] }], makeUpWorkdays: [] };
    expect(calendarYearSchema.safeParse(entry).success).toBe(true);
  });

  it('rejects a date outside its year and the days next to it', () => {
    const entry = { ...validYear(), holidays: [{ name: '元旦', dates: ['2025-11-30', '2026-01-01'] }] };
    expect(() => loadCalendarYear(entry)).toThrow(/holidays\[0\]\.dates\[0\]: 2025-11-30 is not in 2026/);
    expect(() => loadCalendarYear({ ...validYear(), makeUpWorkdays: ['2027-02-06'] })).toThrow(/makeUpWorkdays\[0\]: 2027-02-06 is not in 2026/);
    expect(() => loadCalendarYear({ ...validYear(), makeUpWorkdays: ['2024-12-28'] })).toThrow(/makeUpWorkdays\[0\]/);
  });

  it('rejects a date that is both a holiday and a make-up workday', () => {
    const entry = { ...validYear(), holidays: [{ name: '元旦', dates: ['2026-01-01', '2026-01-04'] }] };
    expect(() => loadCalendarYear(entry)).toThrow(/makeUpWorkdays\[0\]: 2026-01-04 is both a holiday and a make-up workday/);
  });

  it('rejects an official year without its source', () => {
    const { source: _source, ...entry } = validYear();
    expect(() => loadCalendarYear(entry)).toThrow(/source: an official year must name its source notice/);
  });

  it('rejects a make-up workday that is not a weekend day', () => {
    expect(() => loadCalendarYear({ ...validYear(), makeUpWorkdays: ['2026-01-05'] })).toThrow(/not a Saturday or Sunday/);
  });

  it('rejects a provisional year that carries make-up days or a source', () => {
    const base = { year: 2027, status: 'provisional', holidays: [] };
    expect(calendarYearSchema.safeParse({ ...base, makeUpWorkdays: ['2027-01-02'] }).success).toBe(false);
    expect(calendarYearSchema.safeParse({ ...base, makeUpWorkdays: [], source: 'x' }).success).toBe(false);
  });

  it('rejects years outside 2000–2100, unknown status, unknown fields and duplicates', () => {
    const bad: unknown[] = [
      { ...validYear(), year: 1999, holidays: [], makeUpWorkdays: [] },
      { ...validYear(), year: 2101, holidays: [], makeUpWorkdays: [] },
      { ...validYear(), year: 2026.5 },
      { ...validYear(), status: 'draft' },
      { ...validYear(), comment: 'extra' },
      { ...validYear(), holidays: [{ name: '元旦', dates: ['2026-01-01', '2026-01-01'] }] },
      { ...validYear(), makeUpWorkdays: ['2026-01-04', '2026-01-04'] },
      { ...validYear(), holidays: [{ name: '  ', dates: ['2026-01-01'] }] },
      { ...validYear(), holidays: [{ name: '元旦', dates: [] }] },
    ];
    for (const entry of bad) expect([entry, calendarYearSchema.safeParse(entry).success]).toEqual([entry, false]);
  });
});

describe('calendarFileSchema / loadCalendarFile', () => {
  it('accepts a valid file', () => {
    expect(loadCalendarFile(fileWith(validYear())).years[0]?.year).toBe(2026);
  });

  it('rejects an unknown format and a year listed twice', () => {
    expect(calendarFileSchema.safeParse({ format: 2, years: [] }).success).toBe(false);
    expect(() => loadCalendarFile(fileWith(validYear(), validYear()))).toThrow(/years\[1\]\.year: 2026 is listed twice/);
  });

  it('names the bad field in the error', () => {
    const entry = { ...validYear(), holidays: [{ name: '元旦', dates: ['2026-01-01', '2026-02-30'] }] };
    expect(() => loadCalendarFile(fileWith(validYear(), { ...entry, year: 2026 }))).toThrow(
      /^Invalid calendar file: years\[1\]\.holidays\[0\]\.dates\[1\]: must be a real date written YYYY-MM-DD/,
    );
    expect(() => loadCalendarFile(null)).toThrow(/Invalid calendar file: \(root\)/);
  });
});
