// Building an Intl formatter costs a few hundred microseconds; accepting a case needs today's
// date several times, so one formatter per zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar date of an instant in a given time zone, `YYYY-MM-DD`. Dates on cases (today,
 * deadlines, the case number's date) are the hall's dates, not the PC's: a PC whose time zone
 * was set wrong by an installer must still number today's cases with today's date.
 */
export function calendarDateIn(timeZone: string, instant: Date = new Date()): string {
  // Every zone in use changes date only on a whole minute, so one answer per zone and minute.
  const minute = Math.floor(instant.getTime() / 60_000);
  const cached = lastDates.get(timeZone);
  if (cached && cached.minute === minute) return cached.date;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  lastDates.set(timeZone, { minute, date });
  return date;
}

const lastDates = new Map<string, { minute: number; date: string }>();

/** An instant's wall clock in a time zone: 4-digit year, the rest 2-digit, 24-hour (`00`–`23`). */
export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

// One formatter per zone, as for calendarDateIn: the case list formats every row's time.
const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock of an instant in a given time zone (the hall's, from config `timeZone`), never
 * the PC's, which an installer may have set wrong. Shared by the core's paper and the window so
 * both read a time alike. An invalid Date gives a RangeError (Intl's own); check before calling.
 */
export function wallClockIn(timeZone: string, instant: Date): WallClock {
  let formatter = clockFormatters.get(timeZone);
  if (!formatter) {
    // `h23`: midnight is 00, not the 24 some engines give with `hour12: false`.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    clockFormatters.set(timeZone, formatter);
  }
  // A document formats the same instant several times (its date, its time, its 文书编号's year),
  // and formatToParts is the slow part of building one inside the clerk's accept: recent answers
  // are kept, exactly (keyed by zone and millisecond; no assumption about the zone's offsets).
  const key = `${timeZone}|${instant.getTime()}`;
  const known = recentClocks.get(key);
  if (known) return { ...known };
  const parts = formatter.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const clock = { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
  if (recentClocks.size >= RECENT_CLOCKS) recentClocks.clear();
  recentClocks.set(key, clock);
  return { ...clock };
}

const RECENT_CLOCKS = 256;
const recentClocks = new Map<string, WallClock>();

export const HALL_TIME_ZONE_DEFAULT = 'Asia/Shanghai';

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
