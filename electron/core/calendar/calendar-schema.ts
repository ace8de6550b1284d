import { z } from 'zod';
import { daysInMonth } from '../../contract/dates';

// The calendar file ships with the app and later years arrive from the upstream server, so
// everything here is a trust boundary: a wrong date silently moves every deadline computed
// from it. The schema is strict rather than forgiving.

export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;

// Day numbers (days since 1970-01-01) let the calculator do arithmetic without Date objects,
// so neither the machine's time zone nor DST can shift a calendar date.
// Algorithm: H. Hinnant, "chrono-compatible low-level date algorithms" (days_from_civil).
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z0 = dayNumber + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export { daysInMonth, isLeapYear } from '../../contract/dates';

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/**
 * Day number of a strict `YYYY-MM-DD` real date, or undefined. Hand-rolled instead of a regex
 * plus Date because it runs on the hot path of every due-date computation.
 */
export function parseIsoDate(value: string): number | undefined {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  // NaN fails every comparison, so a non-digit anywhere lands here.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  return daysFromCivil(year, month, day);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatDayNumber(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export const isoDateSchema = z
  .string()
  .refine((value) => parseIsoDate(value) !== undefined, { message: 'must be a real date written YYYY-MM-DD' });

const holidaySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(40),
  dates: z.array(isoDateSchema).min(1, 'must list at least one date'),
});

const yearFields = z.strictObject({
  year: z.number().int().min(MIN_CALENDAR_YEAR).max(MAX_CALENDAR_YEAR),
  status: z.enum(['official', 'provisional']),
  /** The State Council notice, e.g. 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）. */
  source: z.string().trim().min(1, 'must not be empty').optional(),
  publishedOn: isoDateSchema.optional(),
  holidays: z.array(holidaySchema),
  makeUpWorkdays: z.array(isoDateSchema),
});

/**
 * Whether a notice for `year` may speak of `date` (`YYYY-MM-DD`, already a real date). A State
 * Council notice arranges its own year's holidays, and the 元旦 arrangement can reach into the
 * days next to it: 国办发明电〔2018〕15号 (the 2019 notice) gave 2018-12-30/31 off and made
 * 2018-12-29 a working day; 国办发明电〔2011〕45号 (2012) made 2011-12-31 a working day. So a
 * year's schedule may list days of December of the year before and, by symmetry, January of
 * the year after — and no further: anything else is a typo that would silently move deadlines.
 */
export function noticeCovers(year: number, date: string): boolean {
  if (date.startsWith(`${year}-`)) return true;
  if (date.startsWith(`${year - 1}-12-`)) return true;
  return date.startsWith(`${year + 1}-01-`);
}

function outsideMessage(date: string, year: number): string {
  return `${date} is not in ${year} (a notice for ${year} may also list days of December ${year - 1} or January ${year + 1})`;
}

export const calendarYearSchema = yearFields.superRefine((entry, ctx) => {
  // A provisional year is computed from the statutory rules and never moves a neighbour's day:
  // only a published notice does that.
  const covers = (date: string): boolean =>
    entry.status === 'provisional' ? date.startsWith(`${entry.year}-`) : noticeCovers(entry.year, date);
  const holidayDates = new Set<string>();

  entry.holidays.forEach((holiday, h) => {
    const seen = new Set<string>();
    holiday.dates.forEach((date, d) => {
      const path = ['holidays', h, 'dates', d];
      if (!covers(date)) {
        ctx.addIssue({ code: 'custom', path, message: outsideMessage(date, entry.year) });
      }
      if (seen.has(date)) {
        ctx.addIssue({ code: 'custom', path, message: `${date} is listed twice in ${holiday.name}` });
      }
      seen.add(date);
      // The same date under two names is allowed: 中秋 can fall inside 国庆 (it did in 2020).
      holidayDates.add(date);
    });
  });

  const seenMakeUp = new Set<string>();
  entry.makeUpWorkdays.forEach((date, d) => {
    const path = ['makeUpWorkdays', d];
    if (!covers(date)) {
      ctx.addIssue({ code: 'custom', path, message: outsideMessage(date, entry.year) });
    }
    if (holidayDates.has(date)) {
      ctx.addIssue({ code: 'custom', path, message: `${date} is both a holiday and a make-up workday` });
    }
    if (seenMakeUp.has(date)) {
      ctx.addIssue({ code: 'custom', path, message: `${date} is listed twice` });
    }
    seenMakeUp.add(date);
    const dayNumber = parseIsoDate(date);
    if (dayNumber !== undefined) {
      const weekday = weekdayOfDayNumber(dayNumber);
      // A make-up workday on a weekday changes nothing, so it can only be a typo.
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({ code: 'custom', path, message: `${date} is not a Saturday or Sunday` });
      }
    }
  });

  if (entry.status === 'official' && entry.source === undefined) {
    ctx.addIssue({ code: 'custom', path: ['source'], message: 'an official year must name its source notice' });
  }
  if (entry.status === 'provisional') {
    // Only the State Council moves days; a provisional year carrying make-up days or a source
    // would be an invented schedule, or an official one mislabelled.
    if (entry.makeUpWorkdays.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays'], message: 'a provisional year has no make-up workdays' });
    }
    if (entry.source !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'a provisional year has no source notice' });
    }
    if (entry.publishedOn !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['publishedOn'], message: 'a provisional year has no publication date' });
    }
  }
});

export const calendarFileSchema = z
  .strictObject({
    format: z.literal(1),
    years: z.array(calendarYearSchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<number>();
    file.years.forEach((entry, i) => {
      if (seen.has(entry.year)) {
        ctx.addIssue({ code: 'custom', path: ['years', i, 'year'], message: `${entry.year} is listed twice` });
      }
      seen.add(entry.year);
    });
  });

export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type CalendarHoliday = CalendarYear['holidays'][number];
export type CalendarFile = z.infer<typeof calendarFileSchema>;
export type CalendarYearStatus = CalendarYear['status'];
