import type { CalendarYear, CalendarYearStatus } from './calendar-schema';
import {
  civilFromDays,
  daysFromCivil,
  formatDayNumber,
  isLeapYear,
  noticeCovers,
  parseIsoDate,
  weekdayOfDayNumber,
} from './calendar-schema';
import { provisionalCalendarYear } from './statutory-holidays';

/**
 * One year reduced to what the calculator needs. `cumulative[i]` is the number of working days
 * among the first `i` days of the year, so "is day i a working day" and "how many working days
 * between two dates" are both O(1) per year instead of a walk over the dates.
 */
export interface YearTable {
  readonly year: number;
  readonly provisional: boolean;
  /** Day number (days since 1970-01-01) of 1 January. */
  readonly firstDay: number;
  /** 365 or 366. */
  readonly length: number;
  /** length + 1 entries; cumulative[length] is the year's total of working days. */
  readonly cumulative: Uint16Array;
}

export interface WorkCalendar {
  /** The years the calendar was built from, with their status; any other year is provisional. */
  readonly years: ReadonlyMap<number, CalendarYearStatus>;
  /**
   * Every day some notice in the data speaks of (day number → working or not), after
   * resolving notices that disagree (see `buildWorkCalendar`). A day may belong to another
   * year than the notice's: the 2019 notice rules on 2018-12-29…31.
   */
  readonly rulings: ReadonlyMap<number, boolean>;
  /**
   * Lookup tables per year. Years absent from the data are computed from the statutory rules
   * on first use and memoised here; that is the only mutation, and it is invisible to callers.
   */
  readonly tables: Map<number, YearTable>;
}

export interface DueDate {
  /** The N-th working day after the start, `YYYY-MM-DD`. */
  readonly date: string;
  /** True when a provisional year was involved: show the date as 暂定 and recompute it later. */
  readonly provisional: boolean;
  /** The provisional years involved, ascending; empty when `provisional` is false. */
  readonly provisionalYears: number[];
}

/** What one notice says of the days it names: day number → working (make-up day) or not (holiday). */
function rulingsOf(entry: CalendarYear): Map<number, boolean> {
  const out = new Map<number, boolean>();
  const dayOf = (date: string): number => {
    const day = parseIsoDate(date);
    // Entries normally come through the schema; this guards tables built from anything else.
    if (day === undefined || !noticeCovers(entry.year, date)) {
      throw new RangeError(`Calendar year ${entry.year} lists ${JSON.stringify(date)}, which its notice cannot speak of`);
    }
    return day;
  };
  for (const holiday of entry.holidays) {
    for (const date of holiday.dates) out.set(dayOf(date), false);
  }
  // Applied after the holidays so a make-up day always wins; the schema forbids the overlap.
  for (const date of entry.makeUpWorkdays) out.set(dayOf(date), true);
  return out;
}

/**
 * Which of two notices speaking of the same day is followed: an official schedule over a
 * provisional one; between official ones the later publication, as a correction notice
 * replaces what it corrects (the same rule as `supersedes` for a year's own notice); on the
 * same publication date, the notice of the day's own year.
 */
function outranks(a: CalendarYear, b: CalendarYear, dayYear: number): boolean {
  if (a.status !== b.status) return a.status === 'official';
  const pa = a.publishedOn ?? '';
  const pb = b.publishedOn ?? '';
  // Stryker disable next-line EqualityOperator: equivalent — the dates differ here, so `>=` is `>`.
  if (pa !== pb) return pa > pb;
  // Only two notices can speak of a day (its own year's, and the neighbour's whose December or
  // January it is) and no year comes twice, so when `a` is the day's own, `b` is not.
  return a.year === dayYear;
}

function buildYearTable(year: number, provisional: boolean, rulings: ReadonlyMap<number, boolean>): YearTable {
  const firstDay = daysFromCivil(year, 1, 1);
  const length = isLeapYear(year) ? 366 : 365;
  const working = new Uint8Array(length);
  // Stryker disable next-line EqualityOperator: equivalent — `<=` writes one past the end of a typed array, which is ignored.
  for (let i = 0; i < length; i++) {
    const ruled = rulings.get(firstDay + i);
    if (ruled !== undefined) {
      working[i] = ruled ? 1 : 0;
    } else {
      const weekday = weekdayOfDayNumber(firstDay + i);
      working[i] = weekday === 0 || weekday === 6 ? 0 : 1;
    }
  }
  const cumulative = new Uint16Array(length + 1);
  // Stryker disable next-line EqualityOperator: equivalent — `<=` writes one past the end of a typed array, which is ignored.
  for (let i = 0; i < length; i++) cumulative[i + 1] = (cumulative[i] ?? 0) + (working[i] ?? 0);
  return { year, provisional, firstDay, length, cumulative };
}

/**
 * Builds the calculator's tables once, so that computing a due date never re-reads the data.
 * `years` should have passed `calendarYearSchema`; a year missing from it is computed from
 * the statutory rules when first needed and treated as provisional.
 *
 * A notice is held as published: the days it names count in whichever year they fall (the
 * 2019 notice's 2018-12-29…31 change the 2018 table). When two notices name the same day and
 * disagree, the one `outranks` prefers decides; a notice that does not name a day never
 * overrides one that does. Whether a year is provisional stays a property of its own notice.
 *
 * @throws Error when a year is given twice; RangeError when an entry lists a day its notice
 *   cannot speak of (only for data that bypassed the schema).
 */
export function buildWorkCalendar(years: readonly CalendarYear[]): WorkCalendar {
  const statuses = new Map<number, CalendarYearStatus>();
  const rulings = new Map<number, boolean>();
  const ruledBy = new Map<number, CalendarYear>();
  for (const entry of years) {
    if (statuses.has(entry.year)) throw new Error(`Calendar year ${entry.year} is given twice`);
    statuses.set(entry.year, entry.status);
    for (const [day, working] of rulingsOf(entry)) {
      const earlier = ruledBy.get(day);
      if (earlier !== undefined && !outranks(entry, earlier, civilFromDays(day).year)) continue;
      rulings.set(day, working);
      ruledBy.set(day, entry);
    }
  }
  const tables = new Map<number, YearTable>();
  for (const entry of years) tables.set(entry.year, buildYearTable(entry.year, entry.status === 'provisional', rulings));
  return { years: statuses, rulings, tables };
}

function tableFor(cal: WorkCalendar, year: number): YearTable {
  const cached = cal.tables.get(year);
  if (cached !== undefined) return cached;
  let entry: CalendarYear;
  try {
    entry = provisionalCalendarYear(year);
  } catch (cause) {
    throw new RangeError(`No working-day calendar for ${year}: it is not in the calendar data and cannot be computed`, { cause });
  }
  // What the data's notices say of this year's days (a neighbour's 元旦 arrangement) stands
  // over the statutory rules: a published notice outranks a provisional year.
  const merged = new Map(rulingsOf(entry));
  for (const [day, working] of cal.rulings) merged.set(day, working);
  const table = buildYearTable(year, true, merged);
  cal.tables.set(year, table);
  return table;
}

// Indices are in 0..length by construction; the typed array cannot be out of range here.
function cumulativeAt(table: YearTable, index: number): number {
  return table.cumulative[index]!;
}

function dayNumberOf(date: string, what: string): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`${what} must be a real date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return day;
}

export function yearStatus(cal: WorkCalendar, year: number): CalendarYearStatus {
  return cal.years.get(year) ?? 'provisional';
}

/** Monday to Friday except holidays, plus make-up workdays (调休上班). */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  const day = dayNumberOf(date, 'date');
  const table = tableFor(cal, civilFromDays(day).year);
  const index = day - table.firstDay;
  return cumulativeAt(table, index + 1) > cumulativeAt(table, index);
}

/**
 * The end of a limit of `n` working days starting on `from` (the acceptance day). The
 * acceptance day itself is never counted (民法典 Art. 201), whether or not it is a working day:
 * the result is the n-th working day after `from`. n = 0 is a 即办件, due the same day.
 */
export function addWorkingDays(cal: WorkCalendar, from: string, n: number): DueDate {
  const fromDay = dayNumberOf(from, 'from');
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n must be a whole number of working days (0 or more), got ${n}`);
  }
  if (n === 0) return { date: from, provisional: false, provisionalYears: [] };

  // Start at the day after `from`; the acceptance day's own year is never looked at, so
  // accepting on 31 December needs no table for that year.
  const start = fromDay + 1;
  let table = tableFor(cal, civilFromDays(start).year);
  let index = start - table.firstDay;
  let remaining = n;
  const provisionalYears: number[] = [];

  for (;;) {
    if (table.provisional) provisionalYears.push(table.year);
    const before = cumulativeAt(table, index);
    const available = cumulativeAt(table, table.length) - before;
    if (remaining > available) {
      remaining -= available;
      table = tableFor(cal, table.year + 1);
      index = 0;
      continue;
    }
    // Smallest k in (index, length] with cumulative[k] reaching the target: day k - 1 is the
    // remaining-th working day from `index` on.
    const target = before + remaining;
    // Stryker disable next-line ArithmeticOperator: equivalent — a lower start only widens the search; cumulative counts never fall.
    let lo = index + 1;
    let hi = table.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulativeAt(table, mid) >= target) hi = mid;
      else lo = mid + 1;
    }
    return {
      date: formatDayNumber(table.firstDay + lo - 1),
      provisional: provisionalYears.length > 0,
      provisionalYears,
    };
  }
}

/**
 * The number of working days d with from < d <= to, 0 when to <= from: how much of a limit
 * has been used up, for supervision (红黄牌).
 */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  const fromDay = dayNumberOf(from, 'from');
  const toDay = dayNumberOf(to, 'to');
  // Stryker disable next-line EqualityOperator: equivalent — with to = from the loop below counts an empty range, 0.
  if (toDay <= fromDay) return 0;

  const start = fromDay + 1;
  let table = tableFor(cal, civilFromDays(start).year);
  let index = start - table.firstDay;
  let count = 0;
  for (;;) {
    const last = toDay - table.firstDay;
    if (last < table.length) return count + cumulativeAt(table, last + 1) - cumulativeAt(table, index);
    count += cumulativeAt(table, table.length) - cumulativeAt(table, index);
    table = tableFor(cal, table.year + 1);
    index = 0;
  }
}

/**
 * The provisional years among the days d with from < d <= to, ascending; empty when to <= from.
 * A date reached by counting from `from` "touches" a provisional year exactly when this is not
 * empty — the same years `addWorkingDays` reports — so a date the clerk picked (a 容缺 due date)
 * is marked 暂定 on the same terms as a computed deadline.
 */
export function provisionalYearsBetween(cal: WorkCalendar, from: string, to: string): number[] {
  const fromDay = dayNumberOf(from, 'from');
  const toDay = dayNumberOf(to, 'to');
  if (toDay <= fromDay) return [];
  const years: number[] = [];
  for (let y = civilFromDays(fromDay + 1).year; y <= civilFromDays(toDay).year; y++) {
    if (yearStatus(cal, y) === 'provisional') years.push(y);
  }
  return years;
}

/** The longest range `workingDaysIn` answers, in days: a year and a bit covers any 容缺 limit. */
export const MAX_WORKING_DAYS_RANGE = 400;

/**
 * The working days d with from <= d <= to, ascending, `YYYY-MM-DD` — what a date picker may
 * offer. Make-up Saturdays are included and holidays left out, on the calendar in force.
 *
 * @throws RangeError when a bound is not a real date, `to` is before `from`, the range is longer
 *   than MAX_WORKING_DAYS_RANGE days, or a year in it has no calendar (before 2025 and not in the data).
 */
export function workingDaysIn(cal: WorkCalendar, from: string, to: string): string[] {
  const fromDay = dayNumberOf(from, 'from');
  const toDay = dayNumberOf(to, 'to');
  if (toDay < fromDay) throw new RangeError(`to (${to}) is before from (${from})`);
  if (toDay - fromDay + 1 > MAX_WORKING_DAYS_RANGE) {
    throw new RangeError(`a range of at most ${MAX_WORKING_DAYS_RANGE} days, got ${toDay - fromDay + 1}`);
  }
  const out: string[] = [];
  let table = tableFor(cal, civilFromDays(fromDay).year);
  for (let day = fromDay; day <= toDay; day++) {
    // Stryker disable next-line EqualityOperator: equivalent on real data — `>` would skip 1 January, always a holiday (元旦).
    if (day - table.firstDay >= table.length) table = tableFor(cal, table.year + 1);
    const index = day - table.firstDay;
    if (cumulativeAt(table, index + 1) > cumulativeAt(table, index)) out.push(formatDayNumber(day));
  }
  return out;
}
